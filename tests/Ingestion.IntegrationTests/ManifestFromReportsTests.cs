using Azure.Core;
using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A job keeps its stored pages' records as they were reported, up to <c>Ingestion:Jobs:StoredRecordsKept</c> (40
/// here), and writes its manifest from them without listing its blobs; a larger job lists them. Either way the manifest
/// says of every page exactly what its blob records. The silos' storage requests are logged to tell the two apart.
/// </summary>
public sealed class ManifestFromReportsTests : IAsyncLifetime
{
    private const int Kept = 40;
    private readonly BlobRequestLog _requests = new();
    private readonly IngestionCluster _cluster;

    public ManifestFromReportsTests()
    {
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(_requests, HttpPipelinePosition.PerCall);
        _cluster = new IngestionCluster(
            silos: 2, blobOptions: blobOptions, settings: new Dictionary<string, string?> { ["Ingestion:Jobs:StoredRecordsKept"] = $"{Kept}" });
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Theory]
    [InlineData(Kept - 10, false)]
    [InlineData(Kept + 20, true)]
    public async Task The_manifest_says_what_every_blob_records_and_lists_the_blobs_only_past_the_limit(int pages, bool listsBlobs)
    {
        await using var source = await RevalidatingSource.StartAsync(pages, RevalidatingSourceValidators.Both, Cancellation, pageBytes: 512);
        var spec = new JobSpec
        {
            Source = SourceSpec.Range(source.UrlTemplate, 1, pages),
            Concurrency = 8,
            Retry = Specs.FastRetry,
            Destination = Specs.NewDestination(),
        };

        var job = await _cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        var manifest = await StoredPages.ReadManifestAsync(_cluster.Blobs, spec.Destination);
        var recorded = await new StoredPageScanner(_cluster.Blobs)
            .StreamAsync(job.Id, spec, spec.Destination, _ => null, Cancellation)
            .ToListAsync(Cancellation);
        Assert.Equal(pages, recorded.Count);
        Assert.All(recorded, page => Assert.NotNull(page.ETag));
        Assert.All(recorded, page => Assert.NotNull(page.LastModified));
        Assert.All(manifest.Pages, page => Assert.NotNull(page.DurationMs));
        Assert.Equal(recorded, manifest.Pages.Select(page => page with { DurationMs = null }));
        // The start's look for a previous job's first page (one blob) aside.
        var pageListings = _requests.All.Where(request =>
            request.Contains("comp=list", StringComparison.Ordinal)
            && request.Contains(Uri.EscapeDataString(spec.Destination.PageBlobPrefix), StringComparison.Ordinal)
            && !request.Contains("maxresults=1&", StringComparison.Ordinal)).ToList();
        Assert.True(listsBlobs == pageListings.Count > 0, string.Join("\n", pageListings));
    }
}
