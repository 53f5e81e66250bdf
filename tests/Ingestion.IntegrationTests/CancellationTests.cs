using System.Diagnostics;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class CancellationTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_releases_100_hanging_requests_within_a_second_and_no_blob_appears_afterwards()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((page, _) => page > 20 ? UpstreamResponse.Hanging : null);
        var spec = Specs.Range(upstream, pages: 300, concurrency: 100, timeoutSeconds: 120);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await WaitUntilAsync(() => upstream.CurrentConcurrentRequests == 100 && upstream.TotalRequests == 120, TimeSpan.FromSeconds(30));
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded == 20, TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        var released = WaitUntilAsync(() => upstream.CurrentConcurrentRequests == 0, TimeSpan.FromSeconds(5))
            .ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var result = await cluster.Job(id).Cancel();
        var releasedAfter = await released;

        Assert.Equal(CancelOutcome.Cancelled, result.Outcome);
        Assert.True(releasedAfter < TimeSpan.FromSeconds(1), $"hanging requests were released after {releasedAfter}");
        var job = result.Job!;
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(new PageCounts(300, 20, 0, 0, 0, 0, 280), job.Pages);

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(JobStatus.Cancelled, manifest.Status);
        Assert.Equal(Enumerable.Range(1, 20), manifest.Pages.Where(page => page.Status == PageStatus.Succeeded).Select(page => page.Page));
        Assert.Equal(280, manifest.Pages.Count(page => page.Status == PageStatus.Cancelled));

        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        Assert.Equal(20, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
        Assert.Equal(120, upstream.TotalRequests);
    }

    [Fact]
    public async Task Cancelling_drops_waiting_retries_so_they_never_fetch_again()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        // Pages 2 and 3 ask to come back in 3 s: past the timer threshold, so they wait on their reminders alone.
        upstream.Fail(2, 503, retryAfter: TimeSpan.FromSeconds(3)).Fail(3, 429, retryAfter: TimeSpan.FromSeconds(3));
        var spec = Specs.Range(upstream, pages: 3) with { Retry = new RetrySpec { MaxAttempts = 5, BaseDelaySeconds = 0.1, MaxDelaySeconds = 10 } };
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded == 1 && view.Pages.WaitingRetry == 2, TimeSpan.FromSeconds(10));

        var result = await cluster.Job(id).Cancel();
        await Task.Delay(TimeSpan.FromSeconds(6), Cancellation);

        Assert.Equal(CancelOutcome.Cancelled, result.Outcome);
        Assert.Equal(1, upstream.RequestCount(2));
        Assert.Equal(1, upstream.RequestCount(3));
        var pages = (await cluster.Job(id).ListPagesAsync(PageStatus.Cancelled, 0, 10))!;
        Assert.Equal([2, 3], pages.Items.Select(page => page.Page));
        Assert.Equal([503, 429], pages.Items.Select(page => page.HttpStatus!.Value));
    }

    [Fact]
    public async Task Cancelling_twice_is_harmless_and_a_finished_job_cannot_be_cancelled()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Hang(1);
        var running = Guid.CreateVersion7();
        await cluster.Job(running).StartAsync(Specs.Range(upstream, pages: 1));
        var finished = await cluster.RunAsync(Specs.Range(upstream, pages: 1) with { Source = SourceSpec.List([upstream.PageUrl(2)]) });

        var first = await cluster.Job(running).Cancel();
        var second = await cluster.Job(running).Cancel();
        var late = await cluster.Job(finished.Id).Cancel();
        var unknown = await cluster.Job(Guid.NewGuid()).Cancel();

        Assert.Equal(CancelOutcome.Cancelled, first.Outcome);
        Assert.Equal(CancelOutcome.AlreadyCancelled, second.Outcome);
        Assert.Equal(JobStatus.Cancelled, second.Job!.Status);
        Assert.Equal(CancelOutcome.AlreadyFinished, late.Outcome);
        Assert.Equal(JobStatus.Completed, late.Job!.Status);
        Assert.Equal(CancelOutcome.NotFound, unknown.Outcome);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, "The condition did not hold in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(10), Cancellation);
        }
    }
}
