using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Apis.Documentation;

[Description("When the job stops as Failed rather than keep fetching from a source that is failing. With both limits, the lower applies.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FailureInput
{
    [Description("Stop once more pages than this have failed for good; at most Ingestion:Limits:MaxPagesPerJob. No limit when left out.")]
    [Range(0, int.MaxValue)]
    public int? MaxFailedPages { get; init; }

    [Description("The same as a share of the job's pages (rounded down). No limit when left out.")]
    [Range(0d, 1d)]
    public double? MaxFailedFraction { get; init; }

    [Description("Stop when the first pages to end all failed with 401 or 403: the credentials are wrong or expired.")]
    [DefaultValue(true)]
    public bool? StopOnAuthFailures { get; init; }
}
