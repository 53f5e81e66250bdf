using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A page handed out again after its silo died or stopped may already be stored (the activation that stored it was lost
/// before it reported): the page is reported from its blob, not fetched again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredPageResumeTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resumed_page_that_its_job_stored_is_not_fetched_again_and_another_jobs_blob_does_not_count()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = Specs.Range(upstream, pages: 3);
        var job = await cluster.RunAsync(spec);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, upstream.RequestCount(2));

        // The other job's page below stores its blob under the same name once fetched: its response waits long enough
        // that the first page has long looked for its own blob by then.
        upstream.DelayFor(2, TimeSpan.FromSeconds(2));

        // Page 2 handed out again to its job, as after a lost silo: its blob answers.
        await PageGrain(job.Id, 2).Fetch([Resumed(job.Id, spec, page: 2)]);
        // The same page of another job with the same stem (no such blob of that job): fetched.
        var other = Guid.CreateVersion7();
        await PageGrain(other, 2).Fetch([Resumed(other, spec, page: 2)]);

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (upstream.RequestCount(2) < 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The other job's page was never fetched.");
            await Task.Delay(50, Cancellation);
        }

        // The first dispatch went out before the second; had it fetched, it would have by now.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancellation);
        Assert.Equal(2, upstream.RequestCount(2));

        // The other job's page is stored, under the name its stem gives, as that job's.
        var lookup = new StoredPageLookup(cluster.Blobs);
        while (await lookup.FindAsync(Resumed(other, spec, page: 2), Cancellation) is null)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The other job's page was never stored.");
            await Task.Delay(50, Cancellation);
        }
    }

    private IPageFetchGrain PageGrain(Guid jobId, int page) => cluster.Grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(jobId, page));

    private static PageFetchRequest Resumed(Guid jobId, JobSpec spec, int page) => new()
    {
        JobId = jobId,
        Page = page,
        Url = spec.Source.UrlOf(page)!,
        RequestTimeout = spec.RequestTimeout,
        Retry = spec.Retry,
        Container = spec.Destination.Container,
        BlobNameStem = PageBlobNames.Stem(spec.Destination, page, spec.Source.KnownPageCount!.Value),
        Resume = true,
    };
}
