using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("Where the first page tells how many pages there are; exactly one of header, jsonPointer and linkLast.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[OneOfRequired(nameof(TotalPagesInput.Header))]
[OneOfRequired(nameof(TotalPagesInput.JsonPointer))]
[OneOfRequired(nameof(TotalPagesInput.LinkLast))]
public sealed record TotalPagesInput
{
    [Description("A response header holding the number of pages, e.g. X-Total-Pages.")]
    [RegularExpression(InputPatterns.HeaderName)]
    public string? Header { get; init; }

    [Description("A JSON Pointer (RFC 6901) to the number of pages in the body, e.g. /total_pages.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? JsonPointer { get; init; }

    [Description("Read the last page's number from the rel=\"last\" link of the Link header (RFC 8288); must be true.")]
    public bool? LinkLast { get; init; }
}
