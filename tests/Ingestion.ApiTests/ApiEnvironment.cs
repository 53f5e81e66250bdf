using Azure.Storage.Blobs;
using Ingestion.Testing;
using Microsoft.Extensions.Hosting;

namespace Ingestion.ApiTests;

/// <summary>
/// The service in one process: a silo on a real Azurite, the real API on Kestrel at 127.0.0.1 in the Development
/// environment (so its API reference is open), and an upstream server on loopback (private networks are allowed, as in
/// local runs).
/// </summary>
public sealed class ApiEnvironment : IAsyncLifetime
{
    public const string ApiKey = "api-tests-key-0123456789abcdef";

    private IngestionTestCluster? _cluster;
    private ApiHost? _api;

    /// <summary>The root of the real API on Kestrel, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri ApiBaseAddress { get; private set; } = null!;

    public UpstreamServer Upstream { get; private set; } = null!;

    /// <summary>The storage account the silo writes pages and manifests to.</summary>
    public BlobServiceClient Blobs { get; private set; } = null!;

    /// <summary>What the API logged: its own categories from Debug up, the framework's from Information.</summary>
    internal LogRecorder Logs { get; } = new();

    internal IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("Not started.");

    /// <summary>The running API's services, to see what it has mapped.</summary>
    internal IServiceProvider ApiServices => _api?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>The API's settings: its key, and loopback upstreams allowed.</summary>
    internal static Dictionary<string, string?> ApiSettings() => new()
    {
        ["Ingestion:Api:Key"] = ApiKey,
        ["Ingestion:Outbound:AllowPrivateNetworks"] = "true",
    };

    /// <summary>A client of the API that sends the key; the caller disposes it.</summary>
    public HttpClient CreateClient()
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>A client of the API that sends no key; the caller disposes it.</summary>
    internal HttpClient CreateAnonymousClient() => new() { BaseAddress = ApiBaseAddress };

    /// <summary>Another instance of the API on the same cluster, in another environment or with other settings.</summary>
    internal async Task<(ApiHost Host, Uri BaseAddress)> StartApiAsync(string environment, IReadOnlyDictionary<string, string?> settings)
    {
        var host = new ApiHost(environment, settings, Grains);
        try
        {
            return (host, host.Start());
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Upstream = await UpstreamServer.StartNewAsync(cancellationToken);
        _cluster = await new IngestionTestClusterBuilder(silos: 1)
            .AllowPrivateNetworks()
            .StartAsync(cancellationToken);
        Blobs = _cluster.Blobs;

        _api = new ApiHost(Environments.Development, ApiSettings(), _cluster.Client, Logs);
        ApiBaseAddress = _api.Start();
    }

    public ValueTask DisposeAsync() => AsyncDisposables.DisposeInOrderAsync(_api, _cluster, Upstream);
}
