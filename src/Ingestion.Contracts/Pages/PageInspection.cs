using Ingestion.Jobs;

namespace Ingestion.Pages;

/// <summary>
/// What a page-fetch grain reads from a response on the job's behalf, before it stores the page, so that the job can
/// go on (dispatch the next page, fan out to the total) while the page is still being written.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageInspection")]
public sealed record PageInspection
{
    /// <summary>Find the next page's URL or cursor this way.</summary>
    [Id(0)] public NextSpec? Next { get; init; }

    /// <summary>Read the stated total this way.</summary>
    [Id(1)] public TotalSpec? Total { get; init; }

    /// <summary>
    /// The page may be past the end of an open range: a 404 or 410, or an empty page (see <see cref="StopWhenEmpty"/>),
    /// is then reported as past the end and not stored, rather than failed.
    /// </summary>
    [Id(2)] public bool MayBePastEnd { get; init; }

    /// <summary>An RFC 6901 pointer to the items array that is empty past the end; null: an empty body or <c>[]</c>.</summary>
    [Id(3)] public string? StopWhenEmpty { get; init; }

    /// <summary>Whether the body must be read whole (bounded by the response size limit) before it is stored.</summary>
    public bool NeedsBody => Next?.JsonPointer is not null || Next?.CursorPointer is not null || Total?.JsonPointer is not null || MayBePastEnd;
}
