namespace Ingestion.Pipelines;

/// <summary>A pipeline as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PipelineView")]
public sealed record PipelineView
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required PipelineSpec Spec { get; init; }

    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(3)] public bool Paused { get; init; }

    /// <summary>The schedule's next tick; null while paused.</summary>
    [Id(4)] public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>The watermark the next run starts from (before lookback); null when the pipeline is not incremental.</summary>
    [Id(5)] public Watermark? Watermark { get; init; }

    /// <summary>The latest run, under way or ended.</summary>
    [Id(6)] public PipelineRun? LastRun { get; init; }

    /// <summary>How many runs there have been.</summary>
    [Id(7)] public int Runs { get; init; }

    /// <summary>Ticks skipped because a run was still going (overlap skip, or a second tick while one was queued).</summary>
    [Id(8)] public int SkippedTicks { get; init; }

    [Id(9)] public DateTimeOffset? LastSkippedTick { get; init; }

    /// <summary>Ticks missed while the cluster was down and not run (catch-up none, or past its limit).</summary>
    [Id(10)] public int MissedTicks { get; init; }

    /// <summary>Ticks waiting for the run under way to end.</summary>
    [Id(11)] public int WaitingTicks { get; init; }
}
