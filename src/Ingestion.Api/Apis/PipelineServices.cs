using Ingestion.Api.Cluster;
using Ingestion.Api.Pipelines;
using Ingestion.Api.Security;
using Ingestion.Pipelines;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Apis;

/// <summary>What the pipeline endpoints depend on.</summary>
public sealed class PipelineServices(
    IGrainFactory grains,
    ClusterCalls cluster,
    PipelineSpecParser parser,
    IOptions<RequestLimits> requestLimits,
    SensitiveHeaders sensitiveHeaders)
{
    public IGrainFactory Grains { get; } = grains;

    /// <summary>Grain calls that are tried again while the cluster reconfigures.</summary>
    public ClusterCalls Cluster { get; } = cluster;

    public PipelineSpecParser Parser { get; } = parser;

    public IOptions<RequestLimits> RequestLimits { get; } = requestLimits;

    /// <summary>Which of a job's headers views mask: the built-in names and Ingestion:Api:SensitiveHeaders.</summary>
    public SensitiveHeaders SensitiveHeaders { get; } = sensitiveHeaders;

    /// <summary>The pipeline as the API shows it: the sensitive headers of its job masked.</summary>
    public PipelineView Redact(PipelineView pipeline) =>
        pipeline with { Spec = pipeline.Spec with { Job = Redaction.Redact(pipeline.Spec.Job, SensitiveHeaders) } };
}
