using System.Net;
using Azure.Storage.Blobs;
using Ingestion.Testing;

namespace Ingestion.SecurityTests;

/// <summary>
/// The service as it runs in production, outbound rules included, in one process: a silo on a real Azurite, the real
/// API in front of it, and two upstream servers. Private networks are NOT allowed; only <see cref="UpstreamAddress"/>
/// (127.0.0.2) is, through the allowlist, so that a test upstream can be reached at all. Everything else on loopback,
/// where <see cref="Canary"/> listens (127.0.0.1), must never be reached.
/// </summary>
public sealed class SecurityEnvironment : IAsyncLifetime
{
    public const string ApiKey = "security-tests-api-key-0123456789";

    public static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.2");

    private IngestionTestCluster? _cluster;
    private ApiFactory? _api;

    public TelemetryCapture Telemetry { get; } = new();

    /// <summary>An allowed upstream, on 127.0.0.2.</summary>
    public TestUpstream Upstream { get; private set; } = null!;

    /// <summary>Another allowed upstream on 127.0.0.2: another origin, which the job's credentials must not reach.</summary>
    public TestUpstream OtherOrigin { get; private set; } = null!;

    /// <summary>A server on 127.0.0.1, which the service must never reach.</summary>
    public TestUpstream Canary { get; private set; } = null!;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public IGrainFactory Grains => _cluster!.Client;

    /// <summary>A client of the API that sends the key.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>A client of the API that sends no key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Configured as sensitive in the API these tests share (Ingestion:Api:SensitiveHeaders).</summary>
    public const string ConfiguredSensitiveHeader = "X-Tenant";

    public static Dictionary<string, string?> ApiSettings(string? apiKey = ApiKey) => new()
    {
        ["Ingestion:Api:Key"] = apiKey,
        ["Ingestion:Outbound:AllowedNetworks:0"] = UpstreamAddress.ToString(),
    };

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Upstream = await TestUpstream.StartAsync(UpstreamAddress, cancellationToken);
        OtherOrigin = await TestUpstream.StartAsync(UpstreamAddress, cancellationToken);
        Canary = await TestUpstream.StartAsync(IPAddress.Loopback, cancellationToken);
        _cluster = await new IngestionTestClusterBuilder(silos: 1)
            .AllowNetwork(UpstreamAddress)
            .WithSmallLimits()
            .WithSiloLogging(logging => TelemetryCapture.Configure(logging, Telemetry))
            .StartAsync(cancellationToken);
        Blobs = _cluster.Blobs;

        // A header name the service does not know as a credential, configured as one, as an operator would.
        var settings = ApiSettings();
        settings["Ingestion:Api:SensitiveHeaders:0"] = ConfiguredSensitiveHeader;
        _api = new ApiFactory(settings, _cluster.Client, Telemetry);
        _api.UseKestrel(0);
        _api.StartServer();
        Api = _api.CreateClient();
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Anonymous = _api.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Anonymous?.Dispose();
        try
        {
            await AsyncDisposables.DisposeInOrderAsync(_api, _cluster, Upstream, OtherOrigin, Canary);
        }
        finally
        {
            Telemetry.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityEnvironment>
{
    public const string Name = "security";
}
