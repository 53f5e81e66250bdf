using Ingestion.Api.Cluster;
using Ingestion.Api.Jobs;
using Ingestion.Api.Security;
using Ingestion.Jobs;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Apis;

/// <summary>What the job endpoints depend on.</summary>
public sealed class JobServices(
    IGrainFactory grains,
    ClusterCalls cluster,
    JobSpecParser parser,
    IOptions<RequestLimits> requestLimits,
    SensitiveHeaders sensitiveHeaders)
{
    public IGrainFactory Grains { get; } = grains;

    /// <summary>Grain calls that are tried again while the cluster reconfigures.</summary>
    public ClusterCalls Cluster { get; } = cluster;

    public JobSpecParser Parser { get; } = parser;

    public IOptions<RequestLimits> RequestLimits { get; } = requestLimits;

    /// <summary>Which of a job's headers its views mask: the built-in names and Ingestion:Api:SensitiveHeaders.</summary>
    public SensitiveHeaders SensitiveHeaders { get; } = sensitiveHeaders;

    /// <summary>The job as the API shows it: sensitive header values masked.</summary>
    public JobView Redact(JobView job) => Redaction.Redact(job, SensitiveHeaders);
}
