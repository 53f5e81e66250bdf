namespace Ingestion.Cli.Api;

/// <summary>The part of the API's pipeline representation that the client shows; other fields are ignored.</summary>
public sealed record PipelineView
{
    public required Guid Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public bool Paused { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public PipelineWatermark? Watermark { get; init; }

    public PipelineRun? LastRun { get; init; }

    public int Runs { get; init; }

    public int SkippedTicks { get; init; }

    public int MissedTicks { get; init; }

    public int WaitingTicks { get; init; }

    public PipelineSpecShown? Spec { get; init; }
}

/// <summary>What the client shows of a pipeline's spec: its name and schedule.</summary>
public sealed record PipelineSpecShown(string? Name, PipelineScheduleShown? Schedule, string? Overlap, string? CatchUp);

public sealed record PipelineScheduleShown(string? Cron, string? TimeZone, string? Every);
