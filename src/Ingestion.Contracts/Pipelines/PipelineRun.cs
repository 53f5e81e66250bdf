using Ingestion.Jobs;

namespace Ingestion.Pipelines;

/// <summary>One run of a pipeline: a job, numbered from 1, with the watermark it started from and the one it reached.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PipelineRun")]
public sealed record PipelineRun
{
    [Id(0)] public required int Number { get; init; }

    /// <summary>The run's job: <c>GET /api/jobs/{jobId}</c> shows it.</summary>
    [Id(1)] public required Guid JobId { get; init; }

    [Id(2)] public required RunTrigger Trigger { get; init; }

    /// <summary>The tick it runs for; null for a manual run.</summary>
    [Id(3)] public DateTimeOffset? Tick { get; init; }

    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The watermark its URLs carry (before lookback); null for a pipeline that is not incremental.</summary>
    [Id(5)] public Watermark? WatermarkFrom { get; init; }

    /// <summary>The largest cursor its stored records hold; null until it has ended, or if none had one.</summary>
    [Id(6)] public Watermark? WatermarkTo { get; init; }

    /// <summary>The job's status as last seen; null while the job is being started.</summary>
    [Id(7)] public JobStatus? Status { get; init; }

    [Id(8)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why the run's job could not be started (its destination is taken), when it could not.</summary>
    [Id(9)] public string? Error { get; init; }

    public bool HasEnded => Status is { } status && status.IsFinished();
}
