using System.ComponentModel;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    A range whose end is discovered: pages.to is left out, the first page is fetched, and the number of pages is read
    from it (totalPages), or worked out from the number of items and pageSize (totalItems); then the other pages are
    fetched concurrently, up to maxPages. Give exactly one of totalPages and totalItems.
    Example: {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "totalPages": {"header": "X-Total-Pages"}}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[OneOfRequired(nameof(DiscoveredRangeSourceInput.TotalPages))]
[OneOfRequired(nameof(DiscoveredRangeSourceInput.TotalItems))]
public sealed record DiscoveredRangeSourceInput : SourceInput, IRangeSourceInput, IMayBeEmptySourceInput
{
    public string? Kind { get; init; }

    public required string UrlTemplate { get; init; }

    public required OpenPageRangeInput Pages { get; init; }

    // In words of its own, as here it also turns a number of items into pages; its bounds are IRangeSourceInput's.
    [Description("Items per page: for {offset} and {limit}, and required with totalItems.")]
    public int? PageSize { get; init; }

    public TotalPagesInput? TotalPages { get; init; }

    public TotalItemsInput? TotalItems { get; init; }

    public bool? AllowEmpty { get; init; }
}
