using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("Where the first page tells how many items there are (pages = items / pageSize, rounded up); exactly one of header and jsonPointer.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[OneOfRequired(nameof(TotalItemsInput.Header))]
[OneOfRequired(nameof(TotalItemsInput.JsonPointer))]
public sealed record TotalItemsInput
{
    [Description("A response header holding the number of items, e.g. X-Total-Count.")]
    [RegularExpression(InputPatterns.HeaderName)]
    public string? Header { get; init; }

    [Description("A JSON Pointer (RFC 6901) to the number of items in the body, e.g. /total.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    public string? JsonPointer { get; init; }
}
