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

    [Id(0)] public SourceKind Kind { get; init; }

    /// <summary>For <see cref="SourceKind.Range"/>: a URL with a <c>{page}</c> placeholder.</summary>
    [Id(1)] public string? UrlTemplate { get; init; }

    /// <summary>For <see cref="SourceKind.Range"/>: the inclusive range of page numbers.</summary>
    [Id(2)] public PageRange? Pages { get; init; }

    /// <summary>For <see cref="SourceKind.List"/>: page n is the n-th URL (1-based).</summary>
    [Id(3)] public IReadOnlyList<string>? Urls { get; init; }

    public static SourceSpec Range(string urlTemplate, long from, long to) =>
        new() { Kind = SourceKind.Range, UrlTemplate = urlTemplate, Pages = new PageRange(from, to) };

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
            SourceKind.Range => ExpandTemplate(UrlTemplate!, Pages!.From + page - 1),
            SourceKind.List => Urls![page - 1],
            _ => throw new InvalidOperationException($"Unknown source kind {Kind}."),
        };
    }

    /// <summary>Puts a page number in place of every <c>{page}</c> in a template.</summary>
    public static string ExpandTemplate(string urlTemplate, long pageNumber) =>
        urlTemplate.Replace(PagePlaceholder, pageNumber.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
