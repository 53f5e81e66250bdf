namespace Ingestion.Pages;

/// <summary>What a page's response told the job, as asked by <see cref="PageInspection"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageFindings")]
public sealed record PageFindings
{
    [Id(0)] public required int Page { get; init; }

    /// <summary>The next page's absolute URL, for a followed source; null when the page names none.</summary>
    [Id(1)] public string? NextUrl { get; init; }

    /// <summary>The cursor the page gave, for a cursor-followed source (to spot one that does not change).</summary>
    [Id(2)] public string? Cursor { get; init; }

    /// <summary>The total the page stated (pages or items, as the spec says), when asked.</summary>
    [Id(3)] public long? Total { get; init; }

    /// <summary>The URL of <c>rel="last"</c>, when asked to find the total from it.</summary>
    [Id(4)] public string? LastUrl { get; init; }

    /// <summary>The page is past the end of an open range: empty, or 404/410. It is not stored.</summary>
    [Id(5)] public bool PastEnd { get; init; }

    /// <summary>Why the asked-for value could not be read (a body that is not JSON, a pointer to a non-number), if so.</summary>
    [Id(6)] public string? Problem { get; init; }

    /// <summary>What showed the page to be past the end: "HTTP 404", "an empty body", "no items at /items", ...</summary>
    [Id(7)] public string? PastEndBecause { get; init; }
}
