using System.Diagnostics;
using System.Globalization;
using Ingestion.Baseline;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The silo and the API as the AppHost runs them (separate processes, Orleans clustering, grain state and reminders in
/// Azurite), started from their build output so that their CPU time and peak memory can be measured on their own, with
/// the runtime settings they ship with (server GC). Logs at Warning and no telemetry exporter (none is configured, and
/// any the benchmark's own environment names is removed): the service's own work, not its telemetry's, which the
/// AppHost scenarios measure.
/// </summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly Process _silo;
    private readonly Process _api;

    private ServiceProcesses(Process silo, Process api, string apiBaseUrl, string apiKey)
    {
        _silo = silo;
        _api = api;
        ApiBaseUrl = apiBaseUrl;
        ApiKey = apiKey;
    }

    public string ApiBaseUrl { get; }

    public string ApiKey { get; }

    public static async Task<ServiceProcesses> StartAsync(AzuriteInstance azurite, string apiKey, CancellationToken cancellationToken)
    {
        var ports = FreeTcpPorts.Pick(4);
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings__blobs"] = azurite.ConnectionString,
            ["ConnectionStrings__tables"] = azurite.ConnectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = "ingestion-bench",
            ["Orleans__Clustering__ProviderType"] = "AzureTableStorage",
            ["Orleans__Clustering__ServiceKey"] = "tables",
            ["Ingestion__Outbound__AllowPrivateNetworks"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null,
        };

        var silo = Start("Ingestion.Silo", new Dictionary<string, string?>(shared)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
            ["Orleans__GrainStorage__jobs__ProviderType"] = "AzureBlobStorage",
            ["Orleans__GrainStorage__jobs__ServiceKey"] = "blobs",
            ["Orleans__Reminders__ProviderType"] = "AzureTableStorage",
            ["Orleans__Reminders__ServiceKey"] = "tables",
            ["Orleans__Endpoints__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        });
        try
        {
            await WaitHealthyAsync($"http://127.0.0.1:{ports[0]}/health", silo, cancellationToken);
            var apiBaseUrl = $"http://127.0.0.1:{ports[3]}";
            var api = Start("Ingestion.Api", new Dictionary<string, string?>(shared)
            {
                ["ASPNETCORE_URLS"] = apiBaseUrl,
                ["Ingestion__Api__Key"] = apiKey,
            });
            try
            {
                await WaitHealthyAsync($"{apiBaseUrl}/health", api, cancellationToken);
                return new ServiceProcesses(silo, api, apiBaseUrl, apiKey);
            }
            catch
            {
                await ChildProcess.StopAsync(api);
                api.Dispose();
                throw;
            }
        }
        catch
        {
            await ChildProcess.StopAsync(silo);
            silo.Dispose();
            throw;
        }
    }

    /// <summary>The silo's CPU time so far.</summary>
    public TimeSpan SiloCpuTime() => ProcessCpuTime.Of(_silo.Id);

    /// <summary>The silo's peak resident set (VmHWM), where the OS reports it.</summary>
    public long? SiloPeakRssBytes() => PeakResidentSet.BytesOf(_silo.Id);

    /// <summary>The silo's and the API's CPU time so far, and their peak memory.</summary>
    public ServiceUsage Usage()
    {
        return new(
            [KeyValuePair.Create("silo", SiloCpuTime()), KeyValuePair.Create("API", ProcessCpuTime.Of(_api.Id))],
            SiloPeakRssBytes(),
            PeakResidentSet.BytesOf(_api.Id),
            null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _api, _silo })
        {
            await ChildProcess.StopAsync(process);
            process.Dispose();
        }
    }

    private static Process Start(string project, Dictionary<string, string?> environment) =>
        ChildProcess.StartDotnet(BuildOutput.AssemblyOf(Path.Combine("src", project), project), [], environment, project);

    private static async Task WaitHealthyAsync(string url, Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{url}: the process exited with code {process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{url} did not become healthy within a minute.");
    }
}
