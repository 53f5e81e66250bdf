using Azure.Storage.Blobs;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A real Orleans cluster with the ingestion grains: job state and pages in a real Azurite, reminders in its tables.
/// Small limits (64 KiB blocks, 1 MiB pages) reach every storage path with small bodies, and short checkpoint,
/// watchdog and reminder periods let recovery happen in seconds. <paramref name="blobOptions"/> shapes the silos' blob
/// client (to slow some requests down, say), <paramref name="responseTimeout"/> replaces Orleans' 30 seconds for
/// every grain call, and <paramref name="siloLogging"/> adds to the silos' logging.
/// </summary>
public class IngestionCluster(
    short silos = 2,
    bool persistStorage = false,
    BlobClientOptions? blobOptions = null,
    TimeSpan? responseTimeout = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<ILoggingBuilder>? siloLogging = null) : IAsyncLifetime
{
    public const int BlockSizeBytes = SmallLimits.BlockSizeBytes;
    public const int MaxResponseBytes = SmallLimits.MaxResponseBytes;
    public static readonly TimeSpan WatchdogPeriod = FastPeriods.Watchdog;

    private IngestionTestCluster? _started;

    public InProcessTestCluster Cluster => Started.Cluster;

    public AzuriteInstance Azurite => Started.Azurite;

    public IGrainFactory Grains => Cluster.Client;

    public BlobServiceClient Blobs => Started.Blobs;

    private IngestionTestCluster Started => _started ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = new IngestionTestClusterBuilder(silos)
            .WithPersistentStorage(persistStorage)
            .WithFastPeriods()
            .WithSmallLimits()
            .AllowPrivateNetworks()
            // A host with a small limit: tests that need one reach their upstream as localhost (127.0.0.1 keeps the defaults).
            .WithSetting("Ingestion:Hosts:Overrides:localhost:MaxConcurrentRequests", "8")
            .WithBlobClientOptions(blobOptions)
            .WithResponseTimeout(responseTimeout);
        if (siloLogging is not null)
        {
            builder.WithSiloLogging(siloLogging);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.WithSetting(key, value);
        }

        _started = await builder.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
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
