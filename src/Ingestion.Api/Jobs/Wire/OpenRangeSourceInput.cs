using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    An open-ended range: pages.to is left out, and pages are fetched from pages.from on until a page is past the end
    (an empty page, a 404 or a 410, which is not stored) or maxPages. Example: {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "stopWhenEmpty": "/items"}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenRangeSourceInput : SourceInput
{
    [ConstantValue("range")]
    public string? Kind { get; init; }

    [Description("An absolute http or https URL with {page}, or {offset} and {limit} with pageSize.")]
    [MinLength(1)]
    public required string UrlTemplate { get; init; }

    public required OpenPageRangeInput Pages { get; init; }

    [Description("Items per page, for {offset} and {limit}; required when the template uses them.")]
    [Range(1, 1_000_000)]
    public int? PageSize { get; init; }

    [Description("A JSON Pointer (RFC 6901) to the array of items in a page; a page where that array is empty is past the end. Left out, an empty body or [] is.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? StopWhenEmpty { get; init; }

    [Description("Whether a source with no pages at all ends Completed. By default it ends Failed: an empty source is far more often a wrong URL than an empty API.")]
    [DefaultValue(false)]
    public bool? AllowEmpty { get; init; }
}
