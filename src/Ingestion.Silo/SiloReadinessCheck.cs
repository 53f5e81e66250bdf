using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Ingestion.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Silo;

/// <summary>
/// The silo is ready once it is an active member of the cluster and its storage (blobs for grain state and pages, tables
/// for membership and reminders) answers; until then a load balancer or orchestrator should send it nothing. Liveness
/// (<c>/alive</c>) does not depend on this: a silo waiting for storage is alive, not ready.
/// </summary>
public sealed class SiloReadinessCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    [FromKeyedServices(StorageConnectionNames.Blobs)] BlobServiceClient blobs,
    [FromKeyedServices(StorageConnectionNames.Tables)] TableServiceClient tables) : IHealthCheck
{
    public const string Name = "cluster-and-storage";

    /// <summary>How long storage has to answer before the silo counts as not ready.</summary>
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"The silo is {status}, not an active member of the cluster.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StorageTimeout);
        try
        {
            await blobs.GetPropertiesAsync(timeout.Token);
            await tables.GetPropertiesAsync(timeout.Token);
            return HealthCheckResult.Healthy("An active member of the cluster; storage answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage does not answer.", exception);
        }
    }
}
