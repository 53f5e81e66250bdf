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

    /// <summary>One entry per page, in page order.</summary>
    public IReadOnlyList<PageRecord> Pages { get; init; } = [];
}

/// <summary>The job's source as the manifest states it; a list source gives its size, each page entry its URL.</summary>
public sealed record ManifestSource(SourceKind Kind, string? UrlTemplate, PageRange? Pages, int PageCount)
{
    public static ManifestSource From(SourceSpec source) => new(
        source.Kind,
        source.UrlTemplate,
        source.Pages,
        source.PageCount);
}

public sealed record ManifestCounts(int Total, int Succeeded, int Failed, long Bytes, int Cancelled = 0);
