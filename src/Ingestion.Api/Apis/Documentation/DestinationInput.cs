using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.Api.Apis.Documentation;

[Description("Where the job's blobs go: {container}/{prefix}/pages/{n}.{ext} and {container}/{prefix}/_manifest.json.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DestinationInput
{
    [Description("A blob container name, by Azure's naming rules.")]
    [MinLength(1)]
    [DefaultValue(JobDefaults.Container)]
    public string? Container { get; init; }

    [Description("A relative blob name prefix: no .. segments, no backslashes, up to 512 characters (Ingestion:Limits:MaxPrefixLength). Defaults to jobs/{id}.")]
    [MinLength(1)]
    public string? Prefix { get; init; }
}
