using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

[Description("Where the job's blobs go: {container}/{prefix}/pages/{n}.{ext}, {container}/{prefix}/_manifest.json with its index _manifest.index.json beside it, and {container}/{prefix}/_job.json, the record of the job that owns the prefix.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DestinationInput
{
    [Description("A blob container name, by Azure's naming rules.")]
    [MinLength(1)]
    [DefaultValue(JobDefaults.Container)]
    public string? Container { get; init; }

    [Description("A relative blob name prefix: no .. segments, no backslashes, up to 512 characters (Ingestion:Limits:MaxPrefixLength). It may hold placeholders, filled in when the job starts: {jobId}, and the job's creation time in UTC as {date} (yyyy-MM-dd), {time} (HHmmss), or with a format such as {date:yyyy/MM/dd} or {time:HHmm}. Defaults to jobs/{jobId}. A prefix belongs to one job.")]
    [MinLength(1)]
    public string? Prefix { get; init; }

    [Description("What to do when the prefix already holds another job's pages or manifest: fail (the default) refuses the job with a 409 naming that job; replace removes that job's pages and manifest first and marks it superseded (it must have ended); newVersion writes under a new sub-folder of the prefix, v2, v3, ...")]
    [AllowedNames("fail", "replace", "newVersion")]
    [DefaultValue("fail")]
    public string? IfExists { get; init; }
}
