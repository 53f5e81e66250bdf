using System.Globalization;
using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>
/// Where a job's pages come from. <see cref="Kind"/> says which members apply; new kinds add members and a new kind.
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

    /// <summary>For <see cref="SourceKind.Range"/>: the inclusive range of page numbers.</summary>
    [Id(2)] public PageRange? Pages { get; init; }

    /// <summary>For <see cref="SourceKind.List"/>: page n is the n-th URL (1-based).</summary>
    [Id(3)] public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>For <see cref="SourceKind.Range"/>: items per page, for <c>{offset}</c> = (page - from) × size and <c>{limit}</c>.</summary>
    [Id(4)] public int? PageSize { get; init; }

    public static SourceSpec Range(string urlTemplate, long from, long to, int? pageSize = null) =>
        new() { Kind = SourceKind.Range, UrlTemplate = urlTemplate, Pages = new PageRange(from, to), PageSize = pageSize };

    public static SourceSpec List(IEnumerable<string> urls) =>
        new() { Kind = SourceKind.List, Urls = [.. urls] };

    /// <summary>How many pages the source has.</summary>
    [JsonIgnore]
    public int PageCount => Kind switch
    {
        SourceKind.Range => checked((int)(Pages!.To - Pages.From + 1)),
        SourceKind.List => Urls!.Count,
        _ => throw new InvalidOperationException($"Unknown source kind {Kind}."),
    };

    /// <summary>The URL of page <paramref name="page"/>, where pages are numbered 1..<see cref="PageCount"/>.</summary>
    public string UrlOf(int page)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page, PageCount);
        return Kind switch
        {
            SourceKind.Range => ExpandTemplate(UrlTemplate!, Pages!.From + page - 1, Pages.From, PageSize),
            SourceKind.List => Urls![page - 1],
            _ => throw new InvalidOperationException($"Unknown source kind {Kind}."),
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
