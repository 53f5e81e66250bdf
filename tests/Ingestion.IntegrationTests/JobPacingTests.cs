using System.Diagnostics;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>A job's own politeness.maxRequestsPerSecond paces how fast it hands out pages, whatever its concurrency.</summary>
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
}
