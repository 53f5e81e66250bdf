using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Apis.Documentation;

[Description("""
    Links followed from page to page: url is page 1, and each page names the next one, until a page names none or
    maxPages. Pages are fetched one after another. Example: {"url": "https://api.example.com/items", "next": {"linkHeader": true}}.
    """)]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FollowSourceInput
{
    [ConstantValue("follow")]
    public string? Kind { get; init; }

    [Description("The first page's absolute http or https URL.")]
    [MinLength(1)]
    public required string Url { get; init; }

    public required NextPageInput Next { get; init; }
}
