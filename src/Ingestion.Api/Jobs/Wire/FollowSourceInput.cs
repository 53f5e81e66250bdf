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
public sealed record FollowSourceInput : SourceInput, IEndFoundByFetchingSourceInput, IMayBeEmptySourceInput
{
    // The only shape of its kind, so its kind is declared here rather than on an interface it shares.
    [ConstantValue("follow")]
    public string? Kind { get; init; }

    [Description("The first page's absolute http or https URL.")]
    [MinLength(1)]
    public required string Url { get; init; }

    public required NextPageInput Next { get; init; }

    // In words of its own, as a chain ends before its first empty page; its pattern is IEndFoundByFetchingSourceInput's.
    [Description("A JSON Pointer (RFC 6901) to the array of items in a page; the chain ends before the first page where that array is empty (not stored). Left out, only a first page that is empty (an empty body or []), 404 or 410 counts as past the end.")]
    public string? StopWhenEmpty { get; init; }

    public bool? AllowEmpty { get; init; }
}
