using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Sources whose pages are learned as the job goes (a followed chain, an open range) resume after the whole cluster
/// restarts: from the last stored page of the chain, or from the saved dispatch mark, with every record stored once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PaginationRecoveryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_followed_chain_resumes_after_a_cluster_restart_from_its_last_stored_page()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 1_200, pageSize: 10, Cancellation);
        api.Delay = TimeSpan.FromMilliseconds(30);
        var spec = Job(SourceSpec.Follow(api.CursorStart, new NextSpec { CursorPointer = "/meta/cursor", CursorParam = "cursor" }));
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();

        var (job, requestsBefore) = await RunWithRestartAsync(cluster, spec, api, restartAfterPages: 30);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(120, 120, 0, 0, 0, 0), job.Pages);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, itemCount: 1_200, pages: 120);

        // Only the page (or two) at the chain's head when the cluster stopped is fetched again.
        Assert.True(requestsBefore >= 30);
        Assert.InRange(api.TotalRequests, 120, 122);
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.All(manifest.Pages.Skip(1), page => Assert.Equal(page.Page - 1, page.ReachedFrom));
    }

    [Fact]
    public async Task An_open_range_resumes_after_a_cluster_restart_and_still_finds_its_end()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 3_000, pageSize: 10, Cancellation);
        api.Delay = TimeSpan.FromMilliseconds(30);
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.PageTemplate,
            Pages = new PageRange(1, null),
            StopWhenEmpty = "/items",
        });
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();

        var (job, _) = await RunWithRestartAsync(cluster, spec, api, restartAfterPages: 60);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(300, 300, 0, 0, 0, 0), job.Pages);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, itemCount: 3_000, pages: 300);
    }

    private static async Task<(JobView Job, int RequestsBefore)> RunWithRestartAsync(
        IngestionCluster cluster, JobSpec spec, PaginatedApi api, int restartAfterPages)
    {
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= restartAfterPages, TimeSpan.FromSeconds(60));

        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        var requestsBefore = api.TotalRequests;
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);

        // Nothing calls the job: its reminder alone brings it back.
        await Task.Delay(IngestionCluster.WatchdogPeriod * 3, Cancellation);
        return (await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(3)), requestsBefore);
    }

    private static JobSpec Job(SourceSpec source) => new()
    {
        Source = source,
        Concurrency = 8,
        Retry = Specs.FastRetry,
        Destination = Specs.NewDestination(),
    };
}
