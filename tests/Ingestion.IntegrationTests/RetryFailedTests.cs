using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Retrying an ended job's failed pages: only what was not stored is fetched again, into the same prefix, and the
/// manifest is written anew.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RetryFailedTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_the_failed_pages_are_fetched_again_and_the_manifest_is_rewritten()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Fail(5, 404).Fail(17, 404);
        var spec = Specs.Range(upstream, pages: 30, concurrency: 4);
        var first = await cluster.RunAsync(spec);
        Assert.Equal(JobStatus.CompletedWithErrors, first.Status);
        upstream.Clear();

        var retry = await cluster.Job(first.Id).RetryFailed();
        var job = await cluster.WaitForEndAsync(first.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(RetryOutcome.Retrying, retry.Outcome);
        Assert.Equal(JobStatus.Running, retry.Job!.Status);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(30, 30, 0, 0, 0, 0), job.Pages);
        Assert.Equal(1, job.Retries);
        Assert.Null(job.Error);
        Assert.Equal([5, 17], Enumerable.Range(1, 30).Where(page => upstream.RequestCount(page) > 0));
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(JobStatus.Completed, manifest.Status);
        Assert.Equal(Enumerable.Range(1, 30), manifest.Pages.Select(page => page.Page));
        Assert.All(manifest.Pages, page => Assert.Equal(PageStatus.Succeeded, page.Status));
        Assert.Equal(30, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
    }

    [Fact]
    public async Task A_job_that_stopped_early_fetches_every_page_it_did_not_store_within_its_window()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((_, _) => UpstreamResponse.Error(404));
        var spec = Specs.Range(upstream, pages: 200, concurrency: 4);
        var first = await cluster.RunAsync(spec);
        Assert.Equal(JobStatus.Failed, first.Status);
        Assert.True(first.Pages.Cancelled > 150);
        upstream.Clear();
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(5);

        await cluster.Job(first.Id).RetryFailed();
        var job = await cluster.WaitForEndAsync(first.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(200, 200, 0, 0, 0, 0), job.Pages);
        Assert.Null(job.Error);
        Assert.All(Enumerable.Range(1, 200), page => Assert.Equal(1, upstream.RequestCount(page)));
        Assert.InRange(upstream.MaxConcurrentRequests, 1, spec.Concurrency);
    }

    [Fact]
    public async Task A_chain_broken_at_a_failed_page_goes_on_from_it()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 60, pageSize: 10, Cancellation);
        api.UnavailableAt = 3;
        var spec = new JobSpec
        {
            Source = SourceSpec.Follow(api.JsonNextStart, new NextSpec { JsonPointer = "/next" }),
            Retry = new RetrySpec { MaxAttempts = 1 },
            Destination = Specs.NewDestination(),
        };
        var first = await cluster.RunAsync(spec);
        Assert.Equal(JobStatus.CompletedWithErrors, first.Status);
        Assert.Equal(new PageCounts(3, 2, 1, 0, 0, 0), first.Pages);
        api.UnavailableAt = null;

        await cluster.Job(first.Id).RetryFailed();
        var job = await cluster.WaitForEndAsync(first.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(6, 6, 0, 0, 0, 0), job.Pages);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, itemCount: 60, pages: 6);
        Assert.Equal(1, api.RequestCount("/json-next?page=1"));
    }

    [Fact]
    public async Task Only_an_ended_job_with_failures_is_retried()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var completed = await cluster.RunAsync(Specs.Range(upstream, pages: 2));
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(300);
        var running = Guid.CreateVersion7();
        await cluster.Job(running).StartAsync(Specs.Range(upstream, pages: 100, concurrency: 1));
        var stillRunning = await cluster.Job(running).RetryFailed();
        await cluster.Job(running).Cancel();

        Assert.Equal(RetryOutcome.NothingFailed, (await cluster.Job(completed.Id).RetryFailed()).Outcome);
        Assert.Equal(RetryOutcome.StillRunning, stillRunning.Outcome);
        Assert.Equal(RetryOutcome.WasCancelled, (await cluster.Job(running).RetryFailed()).Outcome);
        Assert.Equal(RetryOutcome.NotFound, (await cluster.Job(Guid.CreateVersion7()).RetryFailed()).Outcome);
    }
}
