using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    An open-ended range: pages.to is left out, and pages are fetched from pages.from on until a page is past the end
    (an empty page, a 404 or a 410, which is not stored) or maxPages. Example: {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "stopWhenEmpty": "/items"}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenRangeSourceInput : SourceInput, IRangeSourceInput, IEndFoundByFetchingSourceInput, IMayBeEmptySourceInput
{
    public string? Kind { get; init; }

    public required string UrlTemplate { get; init; }

    public required OpenPageRangeInput Pages { get; init; }

    public int? PageSize { get; init; }

    public string? StopWhenEmpty { get; init; }

    public bool? AllowEmpty { get; init; }
}
