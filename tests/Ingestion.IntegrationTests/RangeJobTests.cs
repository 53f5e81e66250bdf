using System.Globalization;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class RangeJobTests(SharedCluster cluster)
{
    [Fact]
    public async Task A_500_page_range_job_stores_every_page_once_with_a_manifest_that_matches()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.BodySize = 2048;
        var spec = Specs.Range(upstream, pages: 500, concurrency: 32);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(500, 500, 0, 0, 0, 0), job.Pages);
        Assert.Equal(500L * 2048, job.Bytes);
        Assert.NotNull(job.CompletedAt);

        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(500, stored.Count);
        for (var page = 1; page <= 500; page++)
        {
            var blob = stored[page - 1];
            Assert.Equal($"{spec.Destination.Prefix}/pages/{page:D6}.json", blob.Name);
            Assert.Equal(UpstreamServer.ExpectedContent(page, 2048), blob.Content);
            Assert.Equal("application/json", blob.ContentType);
            Assert.Equal(blob.Sha256, blob.Metadata[BlobMetadataKeys.Sha256]);
            Assert.Equal(page.ToString(CultureInfo.InvariantCulture), blob.Metadata[BlobMetadataKeys.Page]);
            Assert.Equal(job.Id.ToString(), blob.Metadata[BlobMetadataKeys.JobId]);
            Assert.Equal(upstream.PageUrl(page), blob.Metadata[BlobMetadataKeys.SourceUrl]);
            Assert.Equal("1", blob.Metadata[BlobMetadataKeys.Attempts]);
            Assert.True(DateTimeOffset.TryParse(blob.Metadata[BlobMetadataKeys.FetchedAt], CultureInfo.InvariantCulture, out _));
            Assert.Equal(1, upstream.RequestCount(page));
        }

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(job.Id, manifest.JobId);
        Assert.Equal(JobStatus.Completed, manifest.Status);
        Assert.Equal(new ManifestCounts(500, 500, 0, 500L * 2048), manifest.Counts);
        Assert.Equal(SourceKind.Range, manifest.Source.Kind);
        Assert.Equal(Enumerable.Range(1, 500), manifest.Pages.Select(entry => entry.Page));
        foreach (var entry in manifest.Pages)
        {
            var blob = stored[entry.Page - 1];
            Assert.Equal(PageStatus.Succeeded, entry.Status);
            Assert.Equal(blob.Name, entry.Blob);
            Assert.Equal(blob.Sha256, entry.Sha256);
            Assert.Equal(blob.Content.Length, entry.Bytes);
            Assert.Equal(200, entry.HttpStatus);
            Assert.Equal(1, entry.Attempts);
            Assert.Equal(upstream.PageUrl(entry.Page), entry.Url);
        }
    }

    [Fact]
    public async Task At_most_concurrency_pages_are_in_flight_and_freed_slots_are_refilled_at_once()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(20);
        // Page 1 is slow: with batches, nothing past the first batch would start until it returned.
        upstream.DelayFor(1, TimeSpan.FromSeconds(3));
        var spec = Specs.Range(upstream, pages: 60, concurrency: 4);
        var id = Guid.CreateVersion7();

        await cluster.Job(id).StartAsync(spec);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var midway = await cluster.Job(id).GetView();
        var inFlightMidway = await cluster.Job(id).ListPagesAsync(PageStatus.InFlight, 0, 100);
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(4, upstream.MaxConcurrentRequests);
        Assert.NotNull(midway);
        Assert.True(midway.Pages.Succeeded >= 10, $"only {midway.Pages.Succeeded} pages were done while page 1 was slow");
        Assert.InRange(midway.Pages.InFlight, 1, 4);
        Assert.Contains(inFlightMidway!.Items, page => page.Page == 1);
    }

    [Fact]
    public async Task An_offset_paginated_range_fetches_each_offset_once()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        // The upstream serves /pages/{n}; with a page size of 1 item, page p of the range asks for offset p - 1.
        var spec = Specs.Range(upstream, pages: 30) with
        {
            Source = SourceSpec.Range(upstream.BaseUrl + "/pages/{offset}?limit={limit}", from: 1, to: 30, pageSize: 1),
        };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.All(Enumerable.Range(0, 30), offset => Assert.Equal(1, upstream.RequestCount(offset)));
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(0, 30).Select(offset => UpstreamServer.ExpectedContent(offset, upstream.BodySize)), stored.Select(blob => blob.Content));
        Assert.Equal(upstream.BaseUrl + "/pages/29?limit=1", stored[29].Metadata["source_url"]);
    }
}
