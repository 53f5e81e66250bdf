using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Fetching;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A page's blob name ends with the extension its response's Content-Type gives, so two attempts at a page may choose
/// two names: a page is still stored under one. Attempts are made by a silo's page fetcher directly, with a blob client
/// of the test's own that logs the storage requests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OneNamePerPageTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(2, false)]
    [InlineData(1, true)]
    public async Task A_page_stored_again_under_another_content_type_keeps_only_its_new_name(int nextAttempt, bool resumed)
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = await RangeOfOneAsync(upstream);
        var (fetcher, _) = FetcherWithLoggedStorage();
        var request = FirstPageOf(spec);
        // The first attempt stores the page as JSON; its report is lost, say, so the page is fetched again, and the
        // upstream now answers text/plain.
        var first = await fetcher.FetchAsync(request, 1, null, Cancellation);

        var next = await fetcher.FetchAsync(
            request with { Url = upstream.PageUrl(1, UpstreamContentKind.Text), Resume = resumed }, nextAttempt, null, Cancellation);

        Assert.True(first.Succeeded, first.Error);
        Assert.True(next.Succeeded, next.Error);
        Assert.EndsWith(".json", first.Stored!.Name, StringComparison.Ordinal);
        var stored = Assert.Single(await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination));
        Assert.Equal(request.BlobNameStem + ".txt", stored.Name);
        Assert.Equal(next.Stored!.Sha256, stored.Sha256);
    }

    [Fact]
    public async Task A_page_that_succeeds_at_its_first_attempt_costs_one_storage_request()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = await RangeOfOneAsync(upstream);
        var (fetcher, requests) = FetcherWithLoggedStorage();

        var attempt = await fetcher.FetchAsync(FirstPageOf(spec), 1, null, Cancellation);

        Assert.True(attempt.Succeeded, attempt.Error);
        var upload = Assert.Single(requests.All);
        Assert.StartsWith("PUT ", upload, StringComparison.Ordinal);
        Assert.EndsWith(".json", upload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_jobs_blob_under_one_of_the_pages_names_is_left_alone()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var spec = await RangeOfOneAsync(upstream);
        var (fetcher, _) = FetcherWithLoggedStorage();
        var request = FirstPageOf(spec);
        var otherJobs = PageBlobNames.Of(request.BlobNameStem, "application/json");
        await cluster.Blobs.GetBlobContainerClient(spec.Destination.Container).GetBlobClient(otherJobs).UploadAsync(
            BinaryData.FromString("{}"),
            new BlobUploadOptions { Metadata = PageBlobMetadata.Of(Guid.NewGuid(), new PageRecord { Page = 1, Url = "", Status = PageStatus.Succeeded }) },
            Cancellation);

        var attempt = await fetcher.FetchAsync(
            request with { Url = upstream.PageUrl(1, UpstreamContentKind.Text) }, 2, null, Cancellation);

        Assert.True(attempt.Succeeded, attempt.Error);
        var names = (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Select(page => page.Name);
        Assert.Equal([otherJobs, request.BlobNameStem + ".txt"], names.Order(StringComparer.Ordinal));
    }

    /// <summary>A job of one page of <paramref name="upstream"/>, whose container exists.</summary>
    private async Task<JobSpec> RangeOfOneAsync(UpstreamServer upstream)
    {
        var spec = Specs.Range(upstream, pages: 1);
        await cluster.Blobs.GetBlobContainerClient(spec.Destination.Container).CreateIfNotExistsAsync(cancellationToken: Cancellation);
        return spec;
    }

    /// <summary>A silo's page fetcher, but for its storage: a client of the test's own, whose requests are logged.</summary>
    private (PageFetcher Fetcher, BlobRequestLog Requests) FetcherWithLoggedStorage()
    {
        var requests = new BlobRequestLog();
        var options = new BlobClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var blobs = cluster.Azurite.CreateBlobServiceClient(options);
        var fetcher = ActivatorUtilities.CreateInstance<PageFetcher>(
            cluster.Cluster.Silos[0].ServiceProvider, blobs, new PageBlobRemover(blobs));
        return (fetcher, requests);
    }

    /// <summary>The job's request for its first page, as the job makes it from its spec (the stem included).</summary>
    private static PageFetchRequest FirstPageOf(JobSpec spec) => new()
    {
        JobId = Guid.NewGuid(),
        Page = 1,
        Url = spec.Source.UrlOf(1),
        RequestTimeout = spec.RequestTimeout,
        Retry = spec.Retry,
        Container = spec.Destination.Container,
        BlobNameStem = PageBlobNames.Stem(spec.Destination, 1, spec.Source.KnownPageCount ?? spec.MaxPages),
    };
}
