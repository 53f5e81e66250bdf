using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class FlakyUpstreamTests(SharedCluster cluster)
{
    [Fact]
    public async Task A_flaky_upstream_still_yields_every_page_and_the_attempts_recorded_match_what_it_saw()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        // A fixed mix, so every kind of trouble happens: 503s, 429s asking for a pause, dropped connections, and
        // requests that hang past the timeout; most pages fail once or twice before they succeed.
        upstream.Script((page, attempt) => (page % 10, attempt) switch
        {
            (1, <= 2) => UpstreamResponse.Error(503),
            (2, 1) => UpstreamResponse.Error(429, retryAfter: TimeSpan.FromSeconds(1)),
            (3, 1) => UpstreamResponse.Reset,
            (4, 1) => UpstreamResponse.Hanging,
            (5, <= 2) => UpstreamResponse.Error(502),
            (6, 1) => UpstreamResponse.Error(500),
            _ => null,
        });
        // The timeout covers the upload too. 3 s keeps the hanging requests short while leaving a page that needs its
        // third or fourth attempt room for a storage write slowed by everything else a test run does on two cores; at
        // 1 s such a page once ran out of attempts.
        var spec = Specs.Range(upstream, pages: 200, concurrency: 32, timeoutSeconds: 3)
            with { Retry = new RetrySpec { MaxAttempts = 4, BaseDelaySeconds = 0.05, MaxDelaySeconds = 2 } };

        var job = await cluster.RunAsync(spec, TimeSpan.FromSeconds(90));

        Assert.True(job.Status == JobStatus.Completed, await cluster.Job(job.Id).DescribeOutcomeAsync(job));
        Assert.Equal(200, job.Pages.Succeeded);
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        foreach (var entry in manifest.Pages)
        {
            Assert.Equal(PageStatus.Succeeded, entry.Status);
            Assert.Equal(upstream.RequestCount(entry.Page), entry.Attempts);
        }

        Assert.Equal(3, manifest.Pages.Single(entry => entry.Page == 11).Attempts);
        Assert.Equal(2, manifest.Pages.Single(entry => entry.Page == 14).Attempts);
        var stored = await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(200, stored.Count);
        Assert.All(stored, blob => Assert.Equal(blob.Sha256, blob.Metadata["sha256"]));
    }
}
