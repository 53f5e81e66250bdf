namespace Ingestion.Cli.Api;

/// <summary>
/// The part of the API's job representation that the client shows. Fields it does not know (the spec, fields added
/// later) are ignored, so a newer API does not break an older client.
/// </summary>
public sealed record JobView
{
    public required Guid Id { get; init; }

    public string? Name { get; init; }

    public required JobStatus Status { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public JobDestination? Destination { get; init; }

    public string? ManifestBlob { get; init; }

    public long Bytes { get; init; }

    public required PageCounts Pages { get; init; }

    public string? Error { get; init; }

    /// <summary>How the source's end was found, or why the job stopped short of it; null while it is not known.</summary>
    public string? EndReason { get; init; }

    /// <summary>The source had more pages than the job's maxPages, which stopped it there.</summary>
    public bool Truncated { get; init; }

    /// <summary>A later job replaced this one's pages under its prefix (destination.ifExists "replace").</summary>
    public Guid? SupersededBy { get; init; }

    public DateTimeOffset? SupersededAt { get; init; }

    /// <summary>The job whose pages this one replaced.</summary>
    public Guid? Replaced { get; init; }

    /// <summary>How many times the job's failed pages were fetched again.</summary>
    public int Retries { get; init; }

    /// <summary>The pipeline that started the job as one of its runs; null for a job submitted on its own.</summary>
    public Guid? PipelineId { get; init; }

    public int? RunNumber { get; init; }

    /// <summary>Null once the job has ended.</summary>
    public JobProgress? Progress { get; init; }

    /// <summary>
    /// The records written from the job's pages; null for a job whose spec asks for none, and for one whose records
    /// are not counted yet.
    /// </summary>
    public RecordsProgress? Records { get; init; }

    /// <summary>Whether the job has ended; a status this client does not know is not taken for an ending.</summary>
    public bool IsFinished => Status is not (JobStatus.Running or JobStatus.Unknown);
}
