using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

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

    [Description("Stop when the first pages to end (10, or all of a smaller job) all failed for good for the same cause: the same HTTP status (401 and 403 count as one), connection refused, a host name that does not resolve, ...: the URL, host or credentials are probably wrong.")]
    [DefaultValue(true)]
    [RenamedFrom("stopOnAuthFailures", "it stops a job whose first pages all fail for the same cause, 401 and 403 among them")]
    public bool? FailFast { get; init; }
}
