using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Pipelines;

namespace Ingestion.Api.Pipelines.Wire;

[Description("How many runs stay listed. Older runs are forgotten; their data stays where they wrote it.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetentionInput
{
    [Range(1, RetentionSpec.MaxKeepRuns)]
    [DefaultValue(RetentionSpec.DefaultKeepRuns)]
    public int? KeepRuns { get; init; }
}
