using System.Diagnostics;
using Azure.Core;
using Azure.Storage.Blobs;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Storage can be slow: writing the manifest of a job with more stored pages than it keeps records of reads every one
/// back, which for a job of 100,000 pages outlasts a grain call's timeout, and a busy account can take as long to save
/// a job's state. The job must keep answering
/// meanwhile, and say only what it has saved.
/// </summary>
public sealed class SlowStorageTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_answers_its_view_while_its_manifest_takes_longer_than_a_grain_call_may_take()
    {
        // Listings three times slower than a call may take: the manifest cannot be written inside one call's time. The
        // job keeps the records of 10 stored pages, fewer than its 20, so its manifest lists them.
        var listings = new SlowBlobRequests(SlowBlobRequests.IsListing, CallTimeout * 3);
        await using var cluster = await StartClusterAsync(listings, CallTimeout, storedRecordsKept: 10);
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = Specs.Range(upstream, pages: 20, concurrency: 4);
        var id = Guid.CreateVersion7();

        // Taking the prefix looks into it (a listing) once, at the start; the slow listings are the manifest's.
        listings.Enabled = false;
        await cluster.Job(id).StartAsync(spec);
        listings.Enabled = true;

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
        Assert.True(listings.Held >= 1, "The manifest was written without listing the stored pages.");
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, 20), manifest.Pages.Select(page => page.Page));
        Assert.All(Enumerable.Range(1, 20), page => Assert.Equal(1, upstream.RequestCount(page)));
    }

    [Fact]
    public async Task A_job_answers_its_view_while_saving_its_state_takes_longer_than_a_grain_call_may_take()
    {
        var saves = new SlowBlobRequests(SlowBlobRequests.IsGrainStateWrite, CallTimeout * 3) { Enabled = false };
        await using var cluster = await StartClusterAsync(saves, CallTimeout);
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var id = await StartJobUnderWayAsync(cluster, upstream, pages: 200, TimeSpan.FromMilliseconds(50), succeeded: 10);

        // The next checkpoint's save is held back for three call timeouts: the view answers meanwhile, every time.
        saves.Enabled = true;
        await WaitUntilHeldAsync(saves);
        var during = new List<JobView>();
        for (var read = 0; read < 10; read++)
        {
            during.Add(await cluster.Job(id).GetView() ?? throw new InvalidOperationException("The job is gone."));
            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancellation);
        }

        saves.Enabled = false;
        Assert.All(during, view => Assert.Equal(JobStatus.Running, view.Status));
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(1));
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(200, 200, 0, 0, 0, 0), job.Pages);
    }

    [Fact]
    public async Task While_a_cancel_is_being_saved_the_job_still_shows_the_status_it_has_saved()
    {
        var saves = new SlowBlobRequests(SlowBlobRequests.IsGrainStateWrite, TimeSpan.FromSeconds(3)) { Enabled = false };
        await using var cluster = await StartClusterAsync(saves, responseTimeout: null);
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var id = await StartJobUnderWayAsync(cluster, upstream, pages: 500, TimeSpan.FromMilliseconds(100), succeeded: 4);

        saves.Enabled = true;
        var cancel = cluster.Job(id).Cancel();
        await WaitUntilHeldAsync(saves);

        // Held back: the cancel is not saved yet, so the job is still Running as far as anyone can tell.
        var during = await cluster.Job(id).GetView();
        Assert.False(cancel.IsCompleted);
        Assert.Equal(JobStatus.Running, during!.Status);
        Assert.Null(during.CompletedAt);

        saves.Enabled = false;
        var result = await cancel;
        Assert.Equal(CancelOutcome.Cancelled, result.Outcome);
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Cancelled, job.Status);
    }

    /// <summary>One silo whose blob client goes through <paramref name="slow"/>, with grain calls timing out after
    /// <paramref name="responseTimeout"/> (Orleans' default when null), and jobs keeping the records of up to
    /// <paramref name="storedRecordsKept"/> stored pages (the default when null).</summary>
    private static async Task<IngestionCluster> StartClusterAsync(SlowBlobRequests slow, TimeSpan? responseTimeout, int? storedRecordsKept = null)
    {
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(slow, HttpPipelinePosition.PerCall);
        var settings = new Dictionary<string, string?>();
        if (storedRecordsKept is { } kept)
        {
            settings["Ingestion:Jobs:StoredRecordsKept"] = kept.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var cluster = new IngestionCluster(silos: 1, blobOptions: blobOptions, responseTimeout: responseTimeout, settings: settings);
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a job of <paramref name="pages"/> pages at 4 at a time, each answered after
    /// <paramref name="delay"/>, and waits until <paramref name="succeeded"/> of them are stored.</summary>
    private static async Task<Guid> StartJobUnderWayAsync(IngestionCluster cluster, UpstreamServer upstream, int pages, TimeSpan delay, int succeeded)
    {
        upstream.GlobalDelay = delay;
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(Specs.Range(upstream, pages, concurrency: 4));
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= succeeded, TimeSpan.FromSeconds(30));
        return id;
    }

    private static async Task WaitUntilHeldAsync(SlowBlobRequests slow)
    {
        var clock = Stopwatch.StartNew();
        while (slow.Held == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Cancellation);
        }

        Assert.True(slow.Held > 0, "No request was held back within 10 seconds.");
    }
}
