using System.Diagnostics;
using Azure.Core;
using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Writing a job's manifest reads every stored page back from storage: for a job of 100,000 pages, or a busy storage
/// account, that outlasts a grain call's timeout. The job must keep answering meanwhile.
/// </summary>
public sealed class FinishingTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_answers_its_view_while_its_manifest_takes_longer_than_a_grain_call_may_take()
    {
        // Listings three times slower than a call may take: the manifest cannot be written inside one call's time.
        var listings = new SlowBlobListings(CallTimeout * 3);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(listings, HttpPipelinePosition.PerCall);
        await using var cluster = new IngestionCluster(silos: 1, blobOptions: blobOptions, responseTimeout: CallTimeout);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = Specs.Range(upstream, pages: 20, concurrency: 4);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).Start(spec);

        // Every read answers within the call timeout (a blocked one would throw a TimeoutException), those made while
        // the manifest is written included.
        var views = new List<JobView>();
        var clock = Stopwatch.StartNew();
        JobView view;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
            view = await cluster.Job(id).GetView() ?? throw new InvalidOperationException("The job is gone.");
            views.Add(view);
        }
        while (!view.Status.IsFinished() && clock.Elapsed < TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Completed, view.Status);
        Assert.Equal(new PageCounts(20, 20, 0, 0, 0, 0), view.Pages);
        Assert.NotNull(view.CompletedAt);

        // It was seen finishing: every page stored, still Running until the manifest existed.
        Assert.Contains(views, seen => seen.Status == JobStatus.Running && seen.Pages.Succeeded == 20);
        Assert.True(listings.Listings >= 1, "The manifest was written without listing the stored pages.");
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, 20), manifest.Pages.Select(page => page.Page));
        Assert.All(Enumerable.Range(1, 20), page => Assert.Equal(1, upstream.RequestCount(page)));
    }
}
