using System.Globalization;
using Azure.Storage.Blobs;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A real Orleans cluster of two silos with the ingestion grains, job state in a real Azurite, and pages written to it.
/// Small limits (64 KiB blocks, 1 MiB pages) so the tests reach every storage path with small bodies.
/// </summary>
public sealed class IngestionCluster : IAsyncLifetime
{
    public const int BlockSizeBytes = 64 * 1024;
    public const int MaxResponseBytes = 1024 * 1024;

    private AzuriteInstance? _azurite;
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public IGrainFactory Grains => Cluster.Client;

    public BlobServiceClient Blobs { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartNewAsync(cancellationToken: TestContext.Current.CancellationToken);
        Blobs = _azurite.CreateBlobServiceClient();
        var blobs = Blobs;

        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ingestion:Fetch:BlockSizeBytes"] = BlockSizeBytes.ToString(CultureInfo.InvariantCulture),
                ["Ingestion:Fetch:MaxResponseBytes"] = MaxResponseBytes.ToString(CultureInfo.InvariantCulture),
            });
            host.Services.AddSingleton(blobs);
        });
        builder.ConfigureSilo((_, silo) => silo
            .AddIngestionGrains()
            .AddAzureBlobGrainStorage(StorageNames.JobStore, options => options.BlobServiceClient = blobs));

        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    public IIngestionJobGrain Job(Guid id) => Grains.GetGrain<IIngestionJobGrain>(id);

    /// <summary>Starts a job and waits, bounded, until it has ended.</summary>
    public async Task<JobView> RunAsync(JobSpec spec, TimeSpan? timeout = null)
    {
        var id = Guid.CreateVersion7();
        await Job(id).Start(spec);
        return await WaitForEndAsync(id, timeout ?? TimeSpan.FromSeconds(60));
    }

    public async Task<JobView> WaitForEndAsync(Guid id, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var view = await Job(id).GetView() ?? throw new InvalidOperationException($"Job {id} does not exist.");
            if (view.Status.IsFinished())
            {
                return view;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {id} did not end within {timeout}: {view.Pages}.");
            }
        }
    }
}
