using System.Collections.Immutable;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class StorageTests(SharedCluster cluster)
{
    [Fact]
    public async Task Each_page_keeps_its_content_type_and_gets_a_matching_extension()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var kinds = new[] { UpstreamContentKind.Json, UpstreamContentKind.Text, UpstreamContentKind.Html, UpstreamContentKind.Binary };
        var spec = Specs.List(kinds.Select((kind, index) => upstream.PageUrl(index + 1, kind)));

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(
            ["000001.json", "000002.txt", "000003.html", "000004.bin"],
            stored.Select(blob => blob.Name[(blob.Name.LastIndexOf('/') + 1)..]));
        for (var i = 0; i < kinds.Length; i++)
        {
            Assert.StartsWith(UpstreamServer.ContentTypeOf(kinds[i]), stored[i].ContentType, StringComparison.Ordinal);
            Assert.Equal(UpstreamServer.ExpectedContent(i + 1, upstream.BodySize, kinds[i]), stored[i].Content);
        }
    }

    [Fact]
    public async Task Pages_larger_than_a_block_are_staged_in_blocks_and_hash_correctly()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var size = (IngestionCluster.BlockSizeBytes * 5) + 123;
        upstream.BodySize = size;
        var spec = Specs.Range(upstream, pages: 3);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(3, stored.Count);
        for (var page = 1; page <= 3; page++)
        {
            Assert.Equal(UpstreamServer.ExpectedContent(page, size), stored[page - 1].Content);
            Assert.Equal(UpstreamServer.ExpectedSha256(page, size), stored[page - 1].Metadata["sha256"]);
        }
    }

    [Fact]
    public async Task A_page_over_the_size_limit_fails_for_good_and_writes_nothing()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.BodySize = IngestionCluster.MaxResponseBytes + 1;
        var spec = Specs.Range(upstream, pages: 1);

        var job = await cluster.RunAsync(spec);

        // Its only page failed: nothing was stored, so the job failed.
        Assert.Equal(JobStatus.Failed, job.Status);
        var page = Assert.Single((await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10))!.Items);
        Assert.Contains("larger than the limit", page.Error, StringComparison.Ordinal);
        Assert.Equal(PageFailureKind.TooLarge, page.FailureKind);
        Assert.Equal(1, upstream.RequestCount(1));
        Assert.Empty(await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination));
    }

    [Fact]
    public async Task The_jobs_headers_are_sent_with_every_request()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var spec = Specs.Range(upstream, pages: 3) with
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "application/json", ["X-Tenant"] = "acme" }.ToImmutableDictionary(),
        };

        await cluster.RunAsync(spec);

        for (var page = 1; page <= 3; page++)
        {
            var headers = upstream.LastRequestHeaders(page)!;
            Assert.Equal("application/json", headers["Accept"]);
            Assert.Equal("acme", headers["X-Tenant"]);
            Assert.StartsWith("OrleansIngestion/", headers["User-Agent"], StringComparison.Ordinal);
        }
    }
}
