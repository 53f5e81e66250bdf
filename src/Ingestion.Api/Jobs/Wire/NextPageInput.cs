using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("How a page names the next one; exactly one of linkHeader, jsonPointer, or cursorPointer with cursorParam.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[OneOfRequired(nameof(NextPageInput.LinkHeader))]
[OneOfRequired(nameof(NextPageInput.JsonPointer))]
[OneOfRequired(nameof(NextPageInput.CursorPointer), nameof(NextPageInput.CursorParam))]
public sealed record NextPageInput
{
    [Description("The next page is the rel=\"next\" link of the Link header (RFC 8288); must be true.")]
    public bool? LinkHeader { get; init; }

    [Description("A JSON Pointer (RFC 6901) to the next page's URL in the body, e.g. /next.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? JsonPointer { get; init; }

    [Description("A JSON Pointer (RFC 6901) to a cursor in the body, e.g. /meta/cursor; the next page is url with the cursor in the query parameter cursorParam.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? CursorPointer { get; init; }

    [Description("The query parameter that carries the cursor, e.g. cursor.")]
    [RegularExpression(InputPatterns.QueryParameterName)]
    public string? CursorParam { get; init; }
}
