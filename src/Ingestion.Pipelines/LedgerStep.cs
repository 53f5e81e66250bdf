namespace Ingestion.Pipelines;

/// <summary>What the pipeline grain carries out after a decision of its <see cref="PipelineLedger"/>, once it has saved it.</summary>
public sealed class LedgerStep
{
    /// <summary>Runs whose jobs to start, in order.</summary>
    public List<PipelineRun> Starts { get; } = [];

    /// <summary>Jobs to cancel (overlap cancelRunning), before the starts.</summary>
    public List<Guid> Cancels { get; } = [];

    /// <summary>
    /// Forgotten runs' jobs whose data to purge now (no run is under way, so no run is still writing a manifest that might
    /// point at their blobs), with <see cref="KeptRuns"/>, the jobs whose manifests may.
    /// </summary>
    public List<Guid> Purges { get; } = [];

    /// <summary>The jobs of the runs kept that ended, whose manifests a purge must not break.</summary>
    public List<Guid> KeptRuns { get; } = [];

    /// <summary>When to look again: the next tick, or sooner while a run is under way or ticks wait for it.</summary>
    public DateTimeOffset? NextLook { get; set; }

    /// <summary>The schedule's next tick (what a view shows as <c>nextRunAt</c>); null when paused or the schedule has ended.</summary>
    public DateTimeOffset? NextTick { get; set; }
}
