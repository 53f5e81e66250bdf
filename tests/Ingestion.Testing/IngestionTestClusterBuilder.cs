using System.Globalization;
using System.Net;
using Azure.Storage.Blobs;
using Ingestion.Hosting;
using Ingestion.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Ingestion.Testing;

/// <summary>
/// Builds an <see cref="IngestionTestCluster"/>: a fresh Azurite and an in-process Orleans cluster whose silos are
/// composed as the deployed silo is, by <see cref="SiloHostingExtensions.AddIngestionSilo{TBuilder}"/> with its storage
/// and providers named in configuration as the AppHost names them. A test changes only what it needs on top: shorter
/// periods, smaller limits, outbound rules, the silos' blob client, the response timeout, the silos' logging.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await new IngestionTestClusterBuilder(silos: 2)
///     .WithFastPeriods()
///     .AllowPrivateNetworks()
///     .StartAsync(TestContext.Current.CancellationToken);
/// await cluster.Client.GetGrain&lt;IIngestionJobGrain&gt;(id).Start(spec);
/// </code>
/// </example>
public sealed class IngestionTestClusterBuilder(short silos = 1)
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<ISiloBuilder>> _configureSilo = [];
    private readonly List<Action<IClientBuilder>> _configureClient = [];
    private readonly List<Action<ILoggingBuilder>> _configureLogging = [];
    private AzuriteOptions _azurite = new();
    private BlobClientOptions? _blobOptions;
    private int _allowedNetworks;

    /// <summary>One setting of the silos' configuration (<c>Ingestion:…</c>), over what the silo would read otherwise.</summary>
    public IngestionTestClusterBuilder WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Recovery in seconds: the <see cref="FastPeriods"/>.</summary>
    public IngestionTestClusterBuilder WithFastPeriods()
    {
        WithSettings(FastPeriods.Settings());
        _configureSilo.Add(silo =>
        {
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = FastPeriods.MinimumReminderPeriod);
            // A killed silo is declared dead in seconds rather than the production default of a minute or so.
            silo.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = FastPeriods.MembershipProbeTimeout;
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
        });
        return this;
    }

    /// <summary>Pages in small blocks and a small response limit: the <see cref="SmallLimits"/>.</summary>
    public IngestionTestClusterBuilder WithSmallLimits() => WithSettings(SmallLimits.Settings());

    /// <summary>
    /// Lets the silos fetch from loopback and private networks, which they refuse by default, as a local run does:
    /// test upstreams listen on loopback.
    /// </summary>
    public IngestionTestClusterBuilder AllowPrivateNetworks() =>
        WithSetting("Ingestion:Outbound:AllowPrivateNetworks", "true");

    /// <summary>Lets the silos fetch from <paramref name="address"/> alone, through the outbound allowlist.</summary>
    public IngestionTestClusterBuilder AllowNetwork(IPAddress address) =>
        WithSetting(string.Create(CultureInfo.InvariantCulture, $"Ingestion:Outbound:AllowedNetworks:{_allowedNetworks++}"), address.ToString());

    /// <summary>Azurite keeps its data on disk, so that it survives being stopped and started again.</summary>
    public IngestionTestClusterBuilder WithPersistentStorage(bool persist = true)
    {
        _azurite = _azurite with { PersistToDisk = persist };
        return this;
    }

    /// <summary>
    /// The silos' blob client (pages and job state) is made with these options, to add a pipeline policy that slows
    /// or records requests, say. Nothing changes when null.
    /// </summary>
    public IngestionTestClusterBuilder WithBlobClientOptions(BlobClientOptions? options)
    {
        _blobOptions = options;
        return this;
    }

    /// <summary>
    /// Every grain call, from the client and between silos, times out after this instead of Orleans' 30 seconds.
    /// Nothing changes when null.
    /// </summary>
    public IngestionTestClusterBuilder WithResponseTimeout(TimeSpan? timeout)
    {
        if (timeout is { } responseTimeout)
        {
            _configureSilo.Add(silo => silo.Services.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = responseTimeout));
            _configureClient.Add(client => client.Services.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = responseTimeout));
        }

        return this;
    }

    /// <summary>Adds to the silos' logging, e.g. a provider that captures what they log.</summary>
    public IngestionTestClusterBuilder WithSiloLogging(Action<ILoggingBuilder> configure)
    {
        _configureLogging.Add(configure);
        return this;
    }

    /// <summary>Starts Azurite, then the silos and the client; nothing is left running if any of it fails.</summary>
    public async Task<IngestionTestCluster> StartAsync(CancellationToken cancellationToken)
    {
        var azurite = await AzuriteInstance.StartNewAsync(_azurite, cancellationToken);
        InProcessTestCluster? cluster = null;
        try
        {
            cluster = Build(azurite);
            await cluster.DeployAsync(cancellationToken);
            return new IngestionTestCluster(azurite, cluster);
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            await azurite.DisposeAsync();
            throw;
        }
    }

    private IngestionTestClusterBuilder WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            WithSetting(key, value);
        }

        return this;
    }

    private InProcessTestCluster Build(AzuriteInstance azurite)
    {
        var settings = AzuriteSiloSettings.For(azurite).Concat(_settings).ToList();
        var blobOptions = _blobOptions;
        var configureSilo = _configureSilo.ToList();
        var configureClient = _configureClient.ToList();
        var configureLogging = _configureLogging.ToList();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            // Before the silo is composed: Orleans reads its providers from configuration when the silo builder is made.
            host.Configuration.AddInMemoryCollection(settings);
            configureLogging.ForEach(configure => configure(host.Logging));
            host.AddIngestionSilo();
            if (blobOptions is not null)
            {
                // Registered last, so it is the one the silo resolves under the blobs key, for pages and job state alike.
                host.Services.AddKeyedSingleton(StorageConnectionNames.Blobs, azurite.CreateBlobServiceClient(blobOptions));
            }
        });
        builder.ConfigureSilo((_, silo) => configureSilo.ForEach(configure => configure(silo)));

        // The silos carry trace context through grain calls; the client starts it, as the API's client does.
        builder.ConfigureClient(client =>
        {
            client.AddActivityPropagation();
            // As the API's client reads the gateways (Ingestion:Api:ClusterCalls:GatewayListRefreshPeriod).
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            configureClient.ForEach(configure => configure(client));
        });

        return builder.Build();
    }
}
