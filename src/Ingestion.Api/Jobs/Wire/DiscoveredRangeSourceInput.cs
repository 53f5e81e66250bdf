using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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
public sealed record DiscoveredRangeSourceInput : SourceInput
{
    [ConstantValue("range")]
    public string? Kind { get; init; }

    [Description("An absolute http or https URL with {page}, or {offset} and {limit} with pageSize.")]
    [MinLength(1)]
    public required string UrlTemplate { get; init; }

    public required OpenPageRangeInput Pages { get; init; }

    [Description("Items per page: for {offset} and {limit}, and required with totalItems.")]
    [Range(1, 1_000_000)]
    public int? PageSize { get; init; }

    public TotalPagesInput? TotalPages { get; init; }

    public TotalItemsInput? TotalItems { get; init; }

    [Description("Whether a source with no pages at all ends Completed. By default it ends Failed: an empty source is far more often a wrong URL than an empty API.")]
    [DefaultValue(false)]
    public bool? AllowEmpty { get; init; }
}
