using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("""
    Links followed from page to page: url is page 1, and each page names the next one, until a page names none, a page
    is past the end (see stopWhenEmpty), or maxPages. Pages are fetched one after another. Example: {"url": "https://api.example.com/items", "next": {"linkHeader": true}}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FollowSourceInput : SourceInput
{
    [ConstantValue("follow")]
    public string? Kind { get; init; }

    [Description("The first page's absolute http or https URL.")]
    [MinLength(1)]
    public required string Url { get; init; }

    public required NextPageInput Next { get; init; }

    [Description("A JSON Pointer (RFC 6901) to the array of items in a page; the chain ends before the first page where that array is empty (not stored). Left out, only a first page that is empty (an empty body or []), 404 or 410 counts as past the end.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? StopWhenEmpty { get; init; }

    [Description("Whether a source with no pages at all ends Completed. By default it ends Failed: an empty source is far more often a wrong URL than an empty API.")]
    [DefaultValue(false)]
    public bool? AllowEmpty { get; init; }
}
