namespace Ingestion.Cli.Api;

/// <summary>One run of a pipeline as the client shows it: a job, numbered, with the watermarks it went between.</summary>
public sealed record PipelineRun
{
    public required int Number { get; init; }

    public required Guid JobId { get; init; }

    public string? Trigger { get; init; }

    public DateTimeOffset? Tick { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public PipelineWatermark? WatermarkFrom { get; init; }

    public PipelineWatermark? WatermarkTo { get; init; }

    public JobStatus? Status { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? Error { get; init; }
}

/// <summary>A watermark: the cursor value as the source wrote it, and how it compares.</summary>
public sealed record PipelineWatermark(string? Kind, string Text);
