using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Jobs that outlive their silos and their storage. Each test has a cluster of its own, since it breaks it; they run
/// in the shared collection so that they do not compete for the CPU with the other cluster tests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DisruptionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_finishes_when_a_silo_is_killed_mid_job_and_no_page_is_stored_twice()
    {
        await using var cluster = new IngestionCluster(silos: 3);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(40);
        var spec = Specs.Range(upstream, pages: 2_000, concurrency: 32);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= 300, TimeSpan.FromSeconds(60));

        // Kill the silo that hosts the job grain where that is not the first silo; otherwise the second.
        var victim = cluster.Cluster.Silos.Skip(1).FirstOrDefault(silo => cluster.Hosts(silo, cluster.Job(id)))
            ?? cluster.Cluster.Silos[1];
        await cluster.Cluster.KillSiloAsync(victim, Cancellation);

        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(2_000, 2_000, 0, 0, 0, 0), job.Pages);
        await AssertEveryPageStoredOnceAsync(cluster, spec, 2_000);
        // A page in flight when its silo died is fetched again; nothing else is.
        var refetched = Enumerable.Range(1, 2_000).Count(page => upstream.RequestCount(page) > 1);
        Assert.All(Enumerable.Range(1, 2_000), page => Assert.InRange(upstream.RequestCount(page), 1, 2));
        Assert.True(refetched <= 2 * spec.Concurrency, $"{refetched} pages were fetched twice");
    }

    [Fact]
    public async Task A_job_resumes_from_its_saved_progress_when_the_whole_cluster_restarts()
    {
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(40);
        upstream.Fail(77, 404);
        var spec = Specs.Range(upstream, pages: 1_000, concurrency: 16);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= 200, TimeSpan.FromSeconds(60));

        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        var requestsWhileDown = upstream.TotalRequests;
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        Assert.Equal(requestsWhileDown, upstream.TotalRequests);
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);

        // Nothing calls the job: its reminder alone brings it back.
        await Task.Delay(IngestionCluster.WatchdogPeriod * 3, Cancellation);
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(new PageCounts(1_000, 999, 1, 0, 0, 0), job.Pages);
        await AssertEveryPageStoredOnceAsync(cluster, spec, 999);
        Assert.All(Enumerable.Range(1, 1_000), page => Assert.InRange(upstream.RequestCount(page), 1, 2));
        Assert.Equal(1, upstream.RequestCount(77));
        var failed = Assert.Single((await cluster.Job(id).ListPagesAsync(PageStatus.Failed, 0, 10))!.Items);
        Assert.Equal(77, failed.Page);
        Assert.InRange(await JobStateBytesAsync(cluster, id), 1, 4 * 1024);
    }

    /// <summary>The size of the job grain's saved state: it must not grow with the number of pages.</summary>
    private static async Task<long> JobStateBytesAsync(IngestionCluster cluster, Guid id)
    {
        var container = cluster.Blobs.GetBlobContainerClient("grainstate");
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, Cancellation))
        {
            if (blob.Name.Contains(id.ToString("N"), StringComparison.OrdinalIgnoreCase) && blob.Name.Contains("job", StringComparison.OrdinalIgnoreCase))
            {
                return blob.Properties.ContentLength ?? 0;
            }
        }

        throw new InvalidOperationException($"No saved state for job {id}.");
    }

    [Fact]
    public async Task A_waiting_retry_survives_the_whole_cluster_restarting_with_its_attempts()
    {
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        // Pages 2 to 4 are told to come back in 4 s, longer than the timer threshold: they wait on their reminders.
        foreach (var page in new[] { 2, 3, 4 })
        {
            upstream.FailTimes(page, 1, 503, retryAfter: TimeSpan.FromSeconds(4));
        }

        var spec = Specs.Range(upstream, pages: 5) with { Retry = new RetrySpec { MaxAttempts = 3, BaseDelaySeconds = 0.1, MaxDelaySeconds = 30 } };
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded == 2 && view.Pages.WaitingRetry == 3, TimeSpan.FromSeconds(20));

        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Completed, job.Status);
        var pages = (await cluster.Job(id).ListPagesAsync(null, 0, 10))!.Items;
        foreach (var page in new[] { 2, 3, 4 })
        {
            // Had the saved attempt been lost, the page would have started over and recorded 1.
            Assert.Equal(2, upstream.RequestCount(page));
            Assert.Equal(2, pages[page - 1].Attempts);
        }

        Assert.Equal(1, upstream.RequestCount(1));
        Assert.Equal(1, upstream.RequestCount(5));
    }

    [Fact]
    public async Task A_job_finishes_with_nothing_lost_when_storage_goes_away_and_comes_back()
    {
        await using var cluster = new IngestionCluster(silos: 2, persistStorage: true);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(40);
        var spec = Specs.Range(upstream, pages: 1_000, concurrency: 16);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= 200, TimeSpan.FromSeconds(60));

        // Longer than the storage SDK's own retries, so pages see storage fail and must wait it out.
        await cluster.Azurite.StopAsync(Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(10), Cancellation);
        await cluster.Azurite.StartAsync(Cancellation);

        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(1_000, 1_000, 0, 0, 0, 0), job.Pages);
        await AssertEveryPageStoredOnceAsync(cluster, spec, 1_000);
    }

    [Fact]
    public async Task A_superseded_job_still_says_so_and_lists_nothing_after_the_whole_cluster_restarts()
    {
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 30));
        var second = await cluster.RunAsync(Specs.Range(upstream, pages: 5) with { Destination = first.Destination with { IfExists = IfPrefixExists.Replace } });

        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);

        var old = (await cluster.Job(first.Id).GetView())!;
        Assert.Equal(second.Id, old.SupersededBy);
        Assert.Equal(second.Id, (await cluster.Job(first.Id).GetPages(null, 0, 10))!.SupersededBy);
        Assert.Equal(5, (await cluster.Job(second.Id).ListPagesAsync(null, 0, 10))!.Total);
        Assert.Equal(5, (await StoredPages.ReadAllAsync(cluster.Blobs, first.Destination)).Count);
    }

    [Fact]
    public async Task A_job_replacing_another_finishes_clearing_after_the_whole_cluster_restarts_mid_clear()
    {
        await using var cluster = new IngestionCluster(silos: 2);
        await cluster.InitializeAsync();
        var destination = Specs.NewDestination();
        var earlier = Guid.CreateVersion7();
        var container = cluster.Blobs.GetBlobContainerClient(destination.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        await Parallel.ForEachAsync(Enumerable.Range(1, 4_000), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Cancellation }, async (page, token) =>
            await container.GetBlobClient($"{destination.PageBlobPrefix}{page:D6}.json").UploadAsync(
                BinaryData.FromString("{}"),
                new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = new Dictionary<string, string> { ["job_id"] = earlier.ToString() } },
                token));
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var id = Guid.CreateVersion7();

        await cluster.Job(id).StartAsync(Specs.Range(upstream, pages: 3) with { Destination = destination with { IfExists = IfPrefixExists.Replace } });
        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        var leftWhenStopped = await StoredPages.CountAsync(cluster.Blobs, destination);
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(2));

        Assert.True(leftWhenStopped > 3, $"Only {leftWhenStopped} blobs were left when the cluster stopped: clearing was not interrupted.");
        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, destination);
        Assert.Equal(3, stored.Count);
        Assert.All(stored, page => Assert.Equal(id.ToString(), page.Metadata["job_id"]));
    }

    private static async Task AssertEveryPageStoredOnceAsync(IngestionCluster cluster, JobSpec spec, int expectedStored)
    {
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(expectedStored, stored.Count);
        Assert.Equal(expectedStored, stored.Select(blob => blob.Metadata["page"]).Distinct().Count());
        Assert.All(stored, blob => Assert.Equal(blob.Sha256, blob.Metadata["sha256"]));

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, spec.Source.KnownPageCount!.Value), manifest.Pages.Select(page => page.Page));
        var byName = stored.ToDictionary(blob => blob.Name);
        foreach (var entry in manifest.Pages.Where(page => page.Status == PageStatus.Succeeded))
        {
            Assert.Equal(byName[entry.Blob!].Sha256, entry.Sha256);
        }
    }
}
