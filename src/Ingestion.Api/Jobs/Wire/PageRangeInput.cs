using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("An inclusive range of page numbers; at most Ingestion:Limits:MaxPagesPerJob pages (1,000,000 by default).")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PageRangeInput
{
    [Description("The first page number.")]
    [Range(0, long.MaxValue)]
    public required long From { get; init; }

    [Description("The last page number, not less than from.")]
    [Range(0, long.MaxValue)]
    public required long To { get; init; }
}
