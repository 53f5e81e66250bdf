using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Api.Cluster;

/// <summary>
/// The API is ready once its Orleans client reaches the cluster and the cluster has an active silo: before that every
/// request would wait and end in a 503. Liveness (<c>/alive</c>) does not depend on this.
/// </summary>
public sealed class ClusterConnectionCheck(IClusterClient cluster) : IHealthCheck
{
    public const string Name = "cluster";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"Connected to the cluster: {silos.Count} active silos.")
                : HealthCheckResult.Unhealthy("Connected, but the cluster has no active silo.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
