using System.Diagnostics;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>A job's own politeness.maxRequestsPerSecond paces its requests to each host, whatever its concurrency.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobPacingTests(SharedCluster cluster)
{
    [Fact]
    public async Task A_job_sends_no_more_requests_per_second_than_it_asks_for()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var spec = Specs.Range(upstream, pages: 60, concurrency: 32) with
        {
            Politeness = new PolitenessSpec { MaxRequestsPerSecond = 20 },
        };

        var clock = Stopwatch.StartNew();
        var job = await cluster.RunAsync(spec);
        clock.Stop();

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(60, job.Pages.Succeeded);

        // 60 requests at 20 a second take at least 59 intervals of 50 ms; unpaced, this job takes a fraction of that.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.8), $"took {clock.Elapsed}");
        Assert.Equal(60, upstream.TotalRequests);
    }

    [Fact]
    public async Task The_cap_applies_to_each_host_so_a_second_host_does_not_wait_for_the_first()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var first = await UpstreamServer.StartNewAsync(cancellation);
        await using var second = await UpstreamServer.StartNewAsync(cancellation);
        var urls = Enumerable.Range(1, 15).SelectMany(page => new[] { first.PageUrl(page), second.PageUrl(page) });
        var spec = Specs.List(urls) with { Concurrency = 32, Politeness = new PolitenessSpec { MaxRequestsPerSecond = 5 } };

        var clock = Stopwatch.StartNew();
        var job = await cluster.RunAsync(spec);
        clock.Stop();

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(15, first.TotalRequests);
        Assert.Equal(15, second.TotalRequests);

        // Each host gets its 15 requests at 5 a second: at least 14 intervals of 200 ms. Paced as one job, the 30
        // requests would take at least 29 intervals, 5.8 s.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.7), $"took {clock.Elapsed}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5.6), $"took {clock.Elapsed}: the hosts were paced as one");
    }
}
