using System.Globalization;
using Azure.Storage.Blobs;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A real Orleans cluster with the ingestion grains: job state and pages in a real Azurite, reminders in its tables.
/// Small limits (64 KiB blocks, 1 MiB pages) reach every storage path with small bodies, and short checkpoint,
/// watchdog and reminder periods let recovery happen in seconds. <paramref name="blobOptions"/> shapes the silos' blob
/// client (to slow some requests down, say), and <paramref name="responseTimeout"/> replaces Orleans' 30 seconds for
/// every grain call.
/// </summary>
public class IngestionCluster(
    short silos = 2,
    bool persistStorage = false,
    BlobClientOptions? blobOptions = null,
    TimeSpan? responseTimeout = null) : IAsyncLifetime
{
    public const int BlockSizeBytes = 64 * 1024;
    public const int MaxResponseBytes = 1024 * 1024;
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(2);

    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public AzuriteInstance Azurite { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteInstance.StartNewAsync(
            new AzuriteOptions { PersistToDisk = persistStorage }, TestContext.Current.CancellationToken);
        Blobs = Azurite.CreateBlobServiceClient();
        var blobs = blobOptions is null ? Blobs : Azurite.CreateBlobServiceClient(blobOptions);
        var tables = Azurite.CreateTableServiceClient();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ingestion:Fetch:BlockSizeBytes"] = BlockSizeBytes.ToString(CultureInfo.InvariantCulture),
                ["Ingestion:Fetch:MaxResponseBytes"] = MaxResponseBytes.ToString(CultureInfo.InvariantCulture),
                ["Ingestion:Jobs:CheckpointInterval"] = "00:00:00.500",
                ["Ingestion:Jobs:WatchdogPeriod"] = WatchdogPeriod.ToString(),
                ["Ingestion:Retries:ReminderGrace"] = "00:00:02",
                // The test upstream listens on loopback, which the fetcher refuses unless told otherwise.
                ["Ingestion:Outbound:AllowPrivateNetworks"] = "true",
                // Retries due later than this wait on their reminder alone, so the tests reach that path too.
                ["Ingestion:Retries:TimerThreshold"] = "00:00:01.500",
                // A host with a small limit: tests that need one reach their upstream as localhost (127.0.0.1 keeps the defaults).
                ["Ingestion:Hosts:Overrides:localhost:MaxConcurrentRequests"] = "8",
            });
            host.Services.AddSingleton(blobs);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddIngestionGrains()
                .AddAzureBlobGrainStorage(StorageNames.JobStore, options => options.BlobServiceClient = blobs)
                .UseAzureTableReminderService(options => options.TableServiceClient = tables);
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            // A killed silo is declared dead in seconds rather than the production default of a minute or so.
            silo.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
            if (responseTimeout is { } timeout)
            {
                silo.Services.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = timeout);
            }
        });

        // The silos carry trace context through grain calls (AddIngestionGrains); the client starts it, as the API does.
        builder.ConfigureClient(client =>
        {
            client.AddActivityPropagation();
            if (responseTimeout is { } timeout)
            {
                client.Services.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = timeout);
            }
        });

        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public IIngestionJobGrain Job(Guid id) => Grains.GetGrain<IIngestionJobGrain>(id);

    /// <summary>Whether <paramref name="silo"/> holds the activation of <paramref name="grain"/>.</summary>
    public bool Hosts(InProcessSiloHandle silo, IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context)
        && context.Address.SiloAddress == silo.SiloAddress;

    /// <summary>Starts a job and waits, bounded, until it has ended.</summary>
    public async Task<JobView> RunAsync(JobSpec spec, TimeSpan? timeout = null)
    {
        var id = Guid.CreateVersion7();
        await Job(id).StartAsync(spec);
        return await WaitForEndAsync(id, timeout ?? TimeSpan.FromSeconds(60));
    }

    public Task<JobView> WaitForEndAsync(Guid id, TimeSpan timeout) =>
        WaitForAsync(id, view => view.Status.IsFinished(), timeout);

    /// <summary>Polls the job until <paramref name="condition"/> holds, bounded by <paramref name="timeout"/>.</summary>
    public async Task<JobView> WaitForAsync(Guid id, Func<JobView, bool> condition, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        JobView? view = null;
        while (true)
        {
            try
            {
                view = await Job(id).GetView() ?? throw new InvalidOperationException($"Job {id} does not exist.");
                if (condition(view))
                {
                    return view;
                }
            }
            catch (Exception exception) when (exception is not InvalidOperationException && !deadline.IsCancellationRequested)
            {
                // A silo going down can fail a call or two; the next poll finds the job where it lives now.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {id} did not get there within {timeout}: {view?.Status} {view?.Pages}.");
            }
        }
    }
}
