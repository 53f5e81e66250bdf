using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    A range of pages: every {page} in the template is replaced by the page number, from pages.from to pages.to inclusive.
    An API that pages by offset uses {offset} (and {limit}) with pageSize instead: {offset} is (page - from) × pageSize
    and {limit} is pageSize. Example: {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 500}}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RangeSourceInput : SourceInput
{
    [ConstantValue("range")]
    public string? Kind { get; init; }

    [Description("An absolute http or https URL with {page}, or {offset} and {limit} with pageSize.")]
    [MinLength(1)]
    public required string UrlTemplate { get; init; }

    public required PageRangeInput Pages { get; init; }

    [Description("Items per page, for {offset} and {limit}; required when the template uses them.")]
    [Range(1, 1_000_000)]
    public int? PageSize { get; init; }
}
