using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.AppHost;

/// <summary>
/// Healthy once the blob, queue and table services all accept connections. Azurite has no health endpoint and answers
/// anonymous requests with 400/403, so a status-code probe would be guessing.
/// </summary>
public sealed class AzuriteHealthCheck(string host, IReadOnlyList<int> ports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        foreach (var port in ports)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
            }
            catch (SocketException)
            {
                // Expected while Azurite starts; the message says all there is to know.
                return HealthCheckResult.Unhealthy($"Azurite is not listening on {host}:{port}.");
            }
        }

        return HealthCheckResult.Healthy();
    }
}
