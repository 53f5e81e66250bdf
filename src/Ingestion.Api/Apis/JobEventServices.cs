using Ingestion.Api.Cluster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Apis;

/// <summary>What the job event stream depends on.</summary>
public sealed class JobEventServices(
    IGrainFactory grains,
    ClusterCalls cluster,
    IOptions<JsonOptions> json,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<JobEventStreamLifetime> logger,
    SensitiveHeaders sensitiveHeaders)
{
    public IGrainFactory Grains { get; } = grains;

    /// <summary>The stream's reads of the job are tried again while the cluster reconfigures.</summary>
    public ClusterCalls Cluster { get; } = cluster;

    /// <summary>The options every endpoint writes JSON with: camelCase, enums as strings, nulls left out.</summary>
    public IOptions<JsonOptions> Json { get; } = json;

    public TimeProvider Time { get; } = time;

    public IHostApplicationLifetime Lifetime { get; } = lifetime;

    public ILogger<JobEventStreamLifetime> Logger { get; } = logger;

    public SensitiveHeaders SensitiveHeaders { get; } = sensitiveHeaders;
}
