namespace Ingestion.Pipelines;

/// <summary>What a pipeline keeps between its calls: its spec, its place in the schedule, its watermark and recent runs.</summary>
[GenerateSerializer, Alias("Ingestion.PipelineLedgerState")]
public sealed class PipelineLedgerState
{
    [Id(0)] public PipelineSpec? Spec { get; set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public bool Paused { get; set; }

    [Id(3)] public bool Deleted { get; set; }

    /// <summary>The latest tick dealt with (run, skipped, queued or let go): ticks up to it are never looked at again.</summary>
    [Id(4)] public DateTimeOffset? LastTick { get; set; }

    /// <summary>The number the next run gets.</summary>
    [Id(5)] public int NextRunNumber { get; set; } = 1;

    /// <summary>The watermark the next run starts from; null for a pipeline that is not incremental.</summary>
    [Id(6)] public Watermark? Watermark { get; set; }

    /// <summary>The most recent runs, newest last, at most the spec's keepRuns.</summary>
    [Id(7)] public List<PipelineRun> Runs { get; set; } = [];

    /// <summary>
    /// Ticks waiting for the run under way to end, oldest first: one queued by the overlap policy, or the missed ticks
    /// of a catch-up of all of them, which run one after another.
    /// </summary>
    [Id(8)] public List<WaitingTick> Waiting { get; set; } = [];

    [Id(9)] public int SkippedTicks { get; set; }

    [Id(10)] public DateTimeOffset? LastSkippedTick { get; set; }

    /// <summary>Ticks that passed while the cluster was down and were not run (catch-up none, or past its limit).</summary>
    [Id(11)] public int MissedTicks { get; set; }

    /// <summary>Ticks delivered twice, or a trigger meeting a run just started: answered with the run already there.</summary>
    [Id(12)] public int Deduplicated { get; set; }

    /// <summary>Forgotten runs whose data is to be purged (<see cref="RetentionSpec.PurgeData"/>), once no run is under way.</summary>
    [Id(13)] public List<Guid> PurgeQueue { get; set; } = [];
}
