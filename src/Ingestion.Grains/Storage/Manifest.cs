using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// The record of a finished job, written next to its data as <c>{prefix}/_manifest.json</c>: a downstream loader reads
/// which pages exist, where, and their SHA-256. It is written last, so its presence means the job has ended.
/// </summary>
public sealed record Manifest
{
    public required Guid JobId { get; init; }

    public string? Name { get; init; }

    public required JobStatus Status { get; init; }

    /// <summary>Why the job stopped, when it failed.</summary>
    public string? Error { get; init; }

    public required ManifestSource Source { get; init; }

    public required DestinationSpec Destination { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required ManifestCounts Counts { get; init; }

    /// <summary>How the end of the source was found, or why the job stopped short of it.</summary>
    public string? EndReason { get; init; }

    /// <summary>The source had more pages than the job's maxPages.</summary>
    public bool Truncated { get; init; }

    /// <summary>For a pipeline's run: the pipeline, the run's number, the watermark it started from, the run it revalidated.</summary>
    public PipelineRunOrigin? Run { get; init; }

    /// <summary>For a pipeline's incremental run that completed: the watermark its pages reached.</summary>
    public Ingestion.Pipelines.Watermark? WatermarkTo { get; init; }

    /// <summary>The record files written from the pages, when the job's spec asks for records.</summary>
    public Ingestion.Records.RecordsSummary? Records { get; init; }

    /// <summary>False when the job's page blobs were deleted once its records were written; left out when they are kept.</summary>
    public bool? PagesKept { get; init; }

    /// <summary>One entry per page, in page order.</summary>
    public IReadOnlyList<PageRecord> Pages { get; init; } = [];
}

/// <summary>
/// The job's source as the manifest states it, with the number of pages it turned out to have; each page entry gives
/// its URL (and, for a followed source, the page that named it).
/// </summary>
public sealed record ManifestSource(
    SourceKind Kind, string? UrlTemplate, PageRange? Pages, string? Url, BlobReference? UrlsBlob, int PageCount)
{
    public static ManifestSource From(SourceSpec source, int pageCount) => new(
        source.Kind,
        source.UrlTemplate,
        source.Pages,
        source.Url,
        source.UrlsBlob,
        pageCount);
}

/// <summary>The pages by how they ended; <see cref="Bytes"/> counts only what this job uploaded (not its unchanged pages).</summary>
public sealed record ManifestCounts(int Total, int Succeeded, int Failed, long Bytes, int Cancelled = 0, int Unchanged = 0);
