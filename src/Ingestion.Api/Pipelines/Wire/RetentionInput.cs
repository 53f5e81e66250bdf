using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Pipelines;

namespace Ingestion.Api.Pipelines.Wire;

[Description("How many runs stay listed. Older runs are forgotten; their data stays where they wrote it unless purgeData says otherwise.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetentionInput
{
    [Range(1, RetentionSpec.MaxKeepRuns)]
    [DefaultValue(RetentionSpec.DefaultKeepRuns)]
    public int? KeepRuns { get; init; }

    [Description("Whether a forgotten run's data goes too: its pages and manifest are deleted, but for the pages a kept run's manifest points at (unchanged since). Needs job.destination.prefix to hold {runId}, so that each run's data is its own.")]
    [DefaultValue(false)]
    public bool? PurgeData { get; init; }
}
