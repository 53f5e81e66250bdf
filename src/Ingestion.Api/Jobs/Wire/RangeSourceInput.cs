using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    A range of pages: every {page} in the template is replaced by the page number, from pages.from to pages.to inclusive.
    An API that pages by offset uses {offset} (and {limit}) with pageSize instead: {offset} is (page - from) × pageSize
    and {limit} is pageSize. Example: {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 500}}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RangeSourceInput : SourceInput, IRangeSourceInput
{
    public string? Kind { get; init; }

    public required string UrlTemplate { get; init; }

    public required PageRangeInput Pages { get; init; }

    public int? PageSize { get; init; }
}
