using System.Globalization;
using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>
/// Where a job's pages come from. <see cref="Kind"/> says which members apply:
/// <list type="bullet">
/// <item><see cref="SourceKind.Range"/>: <see cref="UrlTemplate"/> over <see cref="Pages"/>; without <c>Pages.To</c>
/// either <see cref="Total"/> (fetch the first page, read the total, fan out) or open-ended until an empty page.</item>
/// <item><see cref="SourceKind.List"/>: <see cref="Urls"/> inline, or <see cref="UrlsBlob"/>, one URL per line.</item>
/// <item><see cref="SourceKind.Follow"/>: <see cref="Url"/>, then the page each one names by <see cref="Next"/>.</item>
/// </list>
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.SourceSpec")]
public sealed record SourceSpec
{
    public const string PagePlaceholder = "{page}";
    public const string OffsetPlaceholder = "{offset}";
    public const string LimitPlaceholder = "{limit}";

    [Id(0)] public SourceKind Kind { get; init; }

    /// <summary>
    /// For <see cref="SourceKind.Range"/>: a URL with a <c>{page}</c> placeholder, or <c>{offset}</c> (and <c>{limit}</c>)
    /// for APIs that page by offset, computed from <see cref="PageSize"/>.
    /// </summary>
    [Id(1)] public string? UrlTemplate { get; init; }

    /// <summary>For <see cref="SourceKind.Range"/>: the page numbers, inclusive; <c>To</c> is null for an open range.</summary>
    [Id(2)] public PageRange? Pages { get; init; }

    /// <summary>For <see cref="SourceKind.List"/>: page n is the n-th URL (1-based).</summary>
    [Id(3)] public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>
    /// For <see cref="SourceKind.Range"/>: items per page, for <c>{offset}</c> = (page - from) × size and <c>{limit}</c>,
    /// and to turn a stated total of items into pages.
    /// </summary>
    [Id(4)] public int? PageSize { get; init; }

    /// <summary>
    /// For an open range or a followed source: an RFC 6901 pointer to the array of items; the first page where it is
    /// empty (or missing) is past the end. Without it, an empty body or an empty JSON array is.
    /// </summary>
    [Id(5)] public string? StopWhenEmpty { get; init; }

    /// <summary>For an open range: where the first page states the total, to fetch the rest at once.</summary>
    [Id(6)] public TotalSpec? Total { get; init; }

    /// <summary>For <see cref="SourceKind.List"/>: a blob holding one URL per line, read as a stream.</summary>
    [Id(7)] public BlobReference? UrlsBlob { get; init; }

    /// <summary>For <see cref="SourceKind.Follow"/>: the first page's URL.</summary>
    [Id(8)] public string? Url { get; init; }

    /// <summary>For <see cref="SourceKind.Follow"/>: how each page names the next.</summary>
    [Id(9)] public NextSpec? Next { get; init; }

    /// <summary>
    /// Whether a source with no pages at all (an open range or a chain whose first page is already past the end, a
    /// stated total of 0, an empty URL list) is a success. By default it is a failure: an empty source is far more often
    /// a wrong URL than an empty API.
    /// </summary>
    [Id(10)] public bool AllowEmpty { get; init; }

    public static SourceSpec Range(string urlTemplate, long from, long? to, int? pageSize = null) =>
        new() { Kind = SourceKind.Range, UrlTemplate = urlTemplate, Pages = new PageRange(from, to), PageSize = pageSize };

    public static SourceSpec List(IEnumerable<string> urls) =>
        new() { Kind = SourceKind.List, Urls = [.. urls] };

    public static SourceSpec ListInBlob(string container, string name) =>
        new() { Kind = SourceKind.List, UrlsBlob = new BlobReference(container, name) };

    public static SourceSpec Follow(string url, NextSpec next) =>
        new() { Kind = SourceKind.Follow, Url = url, Next = next };

    /// <summary>How many pages the source has, when the spec alone says; null when only fetching tells.</summary>
    [JsonIgnore]
    public int? KnownPageCount => Kind switch
    {
        SourceKind.Range when Pages!.To is { } to => checked((int)(to - Pages.From + 1)),
        SourceKind.List when Urls is not null => Urls.Count,
        _ => null,
    };

    /// <summary>A range without an end: its end is found by fetching, or stated by its first page.</summary>
    [JsonIgnore]
    public bool IsOpenRange => Kind == SourceKind.Range && Pages!.To is null;

    /// <summary>
    /// The URL of page <paramref name="page"/> (numbered from 1) of a range or an inline list; other sources learn their
    /// URLs as they go.
    /// </summary>
    public string UrlOf(int page)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        if (KnownPageCount is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(page, count);
        }

        return Kind switch
        {
            SourceKind.Range => ExpandTemplate(UrlTemplate!, Pages!.From + page - 1, Pages.From, PageSize),
            SourceKind.List when Urls is not null => Urls[page - 1],
            _ => throw new InvalidOperationException($"A {Kind} source does not know its URLs in advance."),
        };
    }

    /// <summary>
    /// Puts the page number in place of every <c>{page}</c> in a template, and, given a page size, the offset of the
    /// page's first item (counted from page <paramref name="firstPage"/>) for <c>{offset}</c> and the size for <c>{limit}</c>.
    /// </summary>
    public static string ExpandTemplate(string urlTemplate, long pageNumber, long firstPage, int? pageSize)
    {
        var url = urlTemplate.Replace(PagePlaceholder, Invariant(pageNumber), StringComparison.Ordinal);
        if (pageSize is { } size)
        {
            url = url
                .Replace(OffsetPlaceholder, Invariant((pageNumber - firstPage) * size), StringComparison.Ordinal)
                .Replace(LimitPlaceholder, Invariant(size), StringComparison.Ordinal);
        }

        return url;
    }

    /// <summary>Whether a template pages by offset (and so needs a page size).</summary>
    public static bool UsesOffset(string urlTemplate) =>
        urlTemplate.Contains(OffsetPlaceholder, StringComparison.Ordinal)
        || urlTemplate.Contains(LimitPlaceholder, StringComparison.Ordinal);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
