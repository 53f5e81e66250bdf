using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A prefix belongs to one job: a second job into it is refused, replaces the first (removing its data), or writes a
/// new version beside it; never a mix of two jobs' pages under one manifest.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrefixOwnershipTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_job_into_a_used_prefix_is_refused_naming_the_job_that_owns_it()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 20));
        var second = Guid.CreateVersion7();

        var refused = await cluster.Job(second).Start(Specs.Range(upstream, pages: 5) with { Destination = first.Destination });

        Assert.Null(refused.Job);
        var conflict = refused.Conflict!;
        Assert.Equal(first.Id, conflict.Owner);
        Assert.Contains($"holds the pages and manifest of job {first.Id}", conflict.Reason, StringComparison.Ordinal);
        Assert.Null(await cluster.Job(second).GetView());
        Assert.Equal(20, (await StoredPages.ReadAllAsync(cluster.Blobs, first.Destination)).Count);
        Assert.Equal(first.Id, (await StoredPages.ReadManifestAsync(cluster.Blobs, first.Destination)).JobId);
        Assert.Equal(20, (await cluster.Job(first.Id).ListPagesAsync(null, 0, 100))!.Total);
    }

    [Fact]
    public async Task Two_jobs_started_at_once_into_one_prefix_get_it_once()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = Specs.Range(upstream, pages: 5);
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.CreateVersion7()).ToList();

        var results = await Task.WhenAll(ids.Select(id => cluster.Job(id).Start(spec)));

        var started = Assert.Single(results, result => result.Job is not null);
        Assert.All(results.Where(result => result.Job is null), result => Assert.Equal(started.Job!.Id, result.Conflict!.Owner));
        await cluster.WaitForEndAsync(started.Job!.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(5, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
    }

    [Fact]
    public async Task A_prefix_being_written_is_not_replaced()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(200);
        var running = Guid.CreateVersion7();
        var spec = Specs.Range(upstream, pages: 200, concurrency: 2);
        await cluster.Job(running).StartAsync(spec);

        var refused = await cluster.Job(Guid.CreateVersion7()).Start(spec with { Destination = spec.Destination with { IfExists = IfPrefixExists.Replace } });

        Assert.Equal(running, refused.Conflict!.Owner);
        Assert.Contains("still running", refused.Conflict.Reason, StringComparison.Ordinal);
        await cluster.Job(running).Cancel();
    }

    [Fact]
    public async Task Replace_removes_the_previous_jobs_pages_and_manifest_and_marks_it_superseded()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 40));
        var spec = Specs.Range(upstream, pages: 5) with { Destination = first.Destination with { IfExists = IfPrefixExists.Replace } };

        var second = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, second.Status);
        Assert.Equal(first.Id, second.Replaced);
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, first.Destination);
        Assert.Equal(5, stored.Count);
        Assert.All(stored, page => Assert.Equal(second.Id.ToString(), page.Metadata[BlobMetadataKeys.JobId]));
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, first.Destination);
        Assert.Equal(second.Id, manifest.JobId);
        Assert.Equal(5, manifest.Pages.Count);

        var old = (await cluster.Job(first.Id).GetView())!;
        Assert.Equal(JobStatus.Completed, old.Status);
        Assert.Equal(second.Id, old.SupersededBy);
        Assert.NotNull(old.SupersededAt);
        var listing = (await cluster.Job(first.Id).GetPages(null, 0, 10))!;
        Assert.Null(listing.Pages);
        Assert.Equal(second.Id, listing.SupersededBy);
        Assert.Contains($"Job {second.Id} replaced this job's pages", listing.Unavailable, StringComparison.Ordinal);
        Assert.Equal(RetryOutcome.Superseded, (await cluster.Job(first.Id).RetryFailed()).Outcome);
    }

    [Fact]
    public async Task Replace_clears_a_prefix_of_any_size_step_by_step_and_keeps_blobs_the_service_did_not_write()
    {
        // Left by a job of an earlier version (no owner record), more than two steps' worth.
        var destination = Specs.NewDestination() with { IfExists = IfPrefixExists.Replace };
        var earlier = Guid.CreateVersion7();
        var container = cluster.Blobs.GetBlobContainerClient(destination.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var count = (2 * PrefixClearer.StepSize) + 17;
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancellation }, async (page, token) =>
            await container.GetBlobClient($"{destination.PageBlobPrefix}{page:D6}.json").UploadAsync(
                BinaryData.FromString("{}"),
                new BlobUploadOptions { Metadata = new Dictionary<string, string> { [BlobMetadataKeys.JobId] = earlier.ToString(), [BlobMetadataKeys.Page] = page.ToString(CultureInfo.InvariantCulture) } },
                token));
        await container.GetBlobClient(destination.ManifestBlobName).UploadAsync(BinaryData.FromString($$"""{"jobId":"{{earlier}}","pages":[]}"""), Cancellation);
        await container.GetBlobClient($"{destination.PageBlobPrefix}README.txt").UploadAsync(BinaryData.FromString("mine"), Cancellation);
        await container.GetBlobClient($"{destination.PageBlobPrefix}nested/pages/000001.json").UploadAsync(
            BinaryData.FromString("{}"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { [BlobMetadataKeys.JobId] = earlier.ToString() } },
            Cancellation);
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);

        var refused = await cluster.Job(Guid.CreateVersion7()).Start(Specs.Range(upstream, pages: 3) with { Destination = destination with { IfExists = IfPrefixExists.Fail } });
        var job = await cluster.RunAsync(Specs.Range(upstream, pages: 3) with { Destination = destination }, TimeSpan.FromMinutes(2));

        Assert.Equal(earlier, refused.Conflict!.Owner);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(earlier, job.Replaced);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, destination.Prefix + "/", Cancellation))
        {
            names.Add(blob.Name[(destination.Prefix.Length + 1)..]);
        }

        Assert.Equal(
            ["_job.json", "_manifest.index.json", "_manifest.json", "pages/000001.json", "pages/000002.json", "pages/000003.json", "pages/README.txt", "pages/nested/pages/000001.json"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NewVersion_writes_each_job_under_a_fresh_sub_folder_and_leaves_the_others_alone()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 4));
        var spec = Specs.Range(upstream, pages: 2) with { Destination = first.Destination with { IfExists = IfPrefixExists.NewVersion } };

        var second = await cluster.RunAsync(spec);
        var third = await cluster.RunAsync(spec);

        Assert.Equal($"{first.Destination.Prefix}/v2", second.Destination.Prefix);
        Assert.Equal($"{first.Destination.Prefix}/v3", third.Destination.Prefix);
        Assert.Equal(spec.Destination, second.Spec.Destination);
        Assert.Equal(4, (await StoredPages.ReadAllAsync(cluster.Blobs, first.Destination)).Count);
        Assert.Equal(2, (await StoredPages.ReadAllAsync(cluster.Blobs, second.Destination)).Count);
        Assert.Equal(third.Id, (await StoredPages.ReadManifestAsync(cluster.Blobs, third.Destination)).JobId);
        Assert.Equal(first.Id, (await StoredPages.ReadManifestAsync(cluster.Blobs, first.Destination)).JobId);
        Assert.Null((await cluster.Job(first.Id).GetView())!.SupersededBy);
    }

    [Fact]
    public async Task Replace_takes_a_prefix_that_has_versions_under_it_and_leaves_them_alone()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 4));
        var version = await cluster.RunAsync(Specs.Range(upstream, pages: 2) with { Destination = first.Destination with { IfExists = IfPrefixExists.NewVersion } });

        var replacing = await cluster.RunAsync(Specs.Range(upstream, pages: 3) with { Destination = first.Destination with { IfExists = IfPrefixExists.Replace } });

        Assert.Equal(JobStatus.Completed, replacing.Status);
        Assert.Equal(first.Destination.Prefix, replacing.Destination.Prefix);
        Assert.Equal(first.Id, replacing.Replaced);
        Assert.Equal(3, (await StoredPages.ReadAllAsync(cluster.Blobs, first.Destination)).Count);
        Assert.Equal(2, (await StoredPages.ReadAllAsync(cluster.Blobs, version.Destination)).Count);
        Assert.Null((await cluster.Job(version.Id).GetView())!.SupersededBy);
    }

    [Fact]
    public async Task Placeholders_in_the_prefix_are_filled_in_when_the_job_starts()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var root = $"tests/{Guid.NewGuid():N}";
        var spec = Specs.Range(upstream, pages: 2) with { Destination = new DestinationSpec("ingest", root + "/{date:yyyy/MM/dd}/{jobId}") };

        var job = await cluster.RunAsync(spec);

        var expected = $"{root}/{job.CreatedAt.UtcDateTime:yyyy'/'MM'/'dd}/{job.Id}";
        Assert.Equal(expected, job.Destination.Prefix);
        Assert.Equal(spec.Destination, job.Spec.Destination);
        Assert.Equal($"{expected}/_manifest.json", job.ManifestBlob);
        Assert.Equal(2, (await StoredPages.ReadAllAsync(cluster.Blobs, job.Destination)).Count);
    }

    [Fact]
    public async Task A_prefix_inside_another_jobs_pages_folder_is_refused()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 2));

        var refused = await cluster.Job(Guid.CreateVersion7()).Start(
            Specs.Range(upstream, pages: 2) with { Destination = first.Destination with { Prefix = first.Destination.Prefix + "/pages/more" } });

        Assert.Equal(first.Id, refused.Conflict!.Owner);
        Assert.Contains("inside the pages folder", refused.Conflict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ended_job_whose_manifest_is_gone_says_so_instead_of_listing_no_pages()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var job = await cluster.RunAsync(Specs.Range(upstream, pages: 3));
        await cluster.Blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(job.ManifestBlob).DeleteAsync(cancellationToken: Cancellation);

        var listing = (await cluster.Job(job.Id).GetPages(null, 0, 10))!;

        Assert.Null(listing.Pages);
        Assert.Contains("does not exist any more", listing.Unavailable, StringComparison.Ordinal);
    }
}
