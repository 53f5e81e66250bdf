namespace Ingestion.Jobs;

/// <summary>When a job gives up early rather than hammering a source that is failing.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.FailureSpec")]
public sealed record FailureSpec
{
    /// <summary>The job stops as <see cref="JobStatus.Failed"/> once more pages than this have failed for good.</summary>
    [Id(0)] public int? MaxFailedPages { get; init; }

    /// <summary>The same as a share of the job's pages, from 0 to 1.</summary>
    [Id(1)] public double? MaxFailedFraction { get; init; }

    /// <summary>
    /// Stop as <see cref="JobStatus.Failed"/> when the first pages to end all failed for good for the same reason (401 or
    /// 403, the same HTTP status, connection refused, a name that does not resolve, ...): the source or the credentials
    /// are wrong, and thousands more requests would only fail the same way.
    /// </summary>
    [Id(2)] public bool FailFast { get; init; } = true;

    /// <summary>The most failed pages a job of <paramref name="totalPages"/> pages tolerates, or null for no limit.</summary>
    public int? FailedPagesLimit(int totalPages)
    {
        int? byFraction = MaxFailedFraction is { } fraction ? (int)Math.Floor(fraction * totalPages) : null;
        return (MaxFailedPages, byFraction) switch
        {
            ({ } pages, { } share) => Math.Min(pages, share),
            ({ } pages, null) => pages,
            (null, { } share) => share,
            _ => null,
        };
    }
}
