using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("Where an open-ended or discovered range starts; it has no to.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenPageRangeInput
{
    [Description("The first page number.")]
    [Range(0, long.MaxValue)]
    public required long From { get; init; }
}
