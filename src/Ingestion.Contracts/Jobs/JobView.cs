namespace Ingestion.Jobs;

/// <summary>A job as its owner sees it.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.JobView")]
public sealed record JobView
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public string? Name { get; init; }

    [Id(2)] public required JobStatus Status { get; init; }

    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(4)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Where the job writes: the spec's destination with its prefix expanded (placeholders, a new version).</summary>
    [Id(5)] public required DestinationSpec Destination { get; init; }

    /// <summary>The manifest's blob name; the blob exists once the job has ended.</summary>
    [Id(6)] public required string ManifestBlob { get; init; }

    /// <summary>Bytes stored so far.</summary>
    [Id(7)] public long Bytes { get; init; }

    [Id(8)] public required PageCounts Pages { get; init; }

    /// <summary>Why the job failed, when it did.</summary>
    [Id(9)] public string? Error { get; init; }

    /// <summary>The job's spec, as validated, with its defaults filled in.</summary>
    [Id(10)] public required JobSpec Spec { get; init; }

    /// <summary>Throughput and estimated end; null once the job has ended.</summary>
    [Id(11)] public JobProgress? Progress { get; init; }

    /// <summary>
    /// How the end of the source was found (the first empty page, the last link, a stated total) or why the job
    /// stopped short of it (maxPages, a loop in the next links, a cursor that did not change).
    /// </summary>
    [Id(12)] public string? EndReason { get; init; }

    /// <summary>The source had more pages than the job's maxPages: the job stopped there.</summary>
    [Id(13)] public bool Truncated { get; init; }

    /// <summary>
    /// A later job with <c>destination.ifExists: replace</c> took over this job's prefix and removed its pages and
    /// manifest: this job's record stays, its data does not.
    /// </summary>
    [Id(14)] public Guid? SupersededBy { get; init; }

    [Id(15)] public DateTimeOffset? SupersededAt { get; init; }

    /// <summary>The job whose pages this one replaced under the same prefix, if it did.</summary>
    [Id(16)] public Guid? Replaced { get; init; }

    /// <summary>How many times the job's failed pages were fetched again (POST /api/jobs/{id}/retry-failed).</summary>
    [Id(17)] public int Retries { get; init; }

    /// <summary>The pipeline that started the job as one of its runs; null for a job submitted on its own.</summary>
    [Id(18)] public Guid? PipelineId { get; init; }

    /// <summary>The run's number within its pipeline, for a job a pipeline started.</summary>
    [Id(19)] public int? RunNumber { get; init; }

    /// <summary>For a pipeline's incremental run that completed: the watermark its pages reached (also in its manifest).</summary>
    [Id(20)] public Ingestion.Pipelines.Watermark? WatermarkTo { get; init; }

    /// <summary>The records written from the job's pages, when its spec asks for them: rows, files, and rows per second while it runs.</summary>
    [Id(21)] public Ingestion.Records.RecordsProgress? Records { get; init; }
}
