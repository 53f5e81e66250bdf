using System.Globalization;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests.Politeness;

/// <summary>The per-host limits across the two-silo cluster: a hard concurrency cap, slowing down on 429, and no cost when healthy.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostLimitTests(SharedCluster cluster)
{
    /// <summary>The shared cluster limits this host (see <see cref="IngestionCluster"/>); 127.0.0.1 keeps the defaults.</summary>
    private const string LimitedHost = "localhost";
    private const int LimitedHostConcurrency = 8;

    private static readonly RetrySpec PatientRetry = new() { MaxAttempts = 30, BaseDelaySeconds = 0.05, MaxDelaySeconds = 2 };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_jobs_on_two_silos_never_have_more_requests_at_the_host_at_once_than_its_limit()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(100);
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{LimitedHost}:{upstream.Port}/pages/{{page}}");
        var specs = Enumerable.Range(0, 2).Select(_ => new JobSpec
        {
            Source = SourceSpec.Range(url, 1, 60),
            Concurrency = 16,
            Retry = Specs.FastRetry,
            Destination = Specs.NewDestination(),
        }).ToList();

        var ids = specs.Select(_ => Guid.CreateVersion7()).ToList();
        await Task.WhenAll(ids.Zip(specs, (id, spec) => cluster.Job(id).StartAsync(spec)));
        var jobs = await Task.WhenAll(ids.Select(id => cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(90))));

        Assert.All(jobs, job => Assert.Equal(JobStatus.Completed, job.Status));
        Assert.True(
            upstream.MaxConcurrentRequests <= LimitedHostConcurrency,
            $"{upstream.MaxConcurrentRequests} requests were at the host at once; its limit is {LimitedHostConcurrency}");
        // The limit is a cap, not a crawl: the silos between them use most of it.
        Assert.True(upstream.MaxConcurrentRequests >= LimitedHostConcurrency / 2, $"at most {upstream.MaxConcurrentRequests} at once");
        foreach (var spec in specs)
        {
            Assert.Equal(60, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
        }
    }

    [Fact]
    public async Task A_host_that_answers_429_above_its_rate_is_slowed_to_about_that_rate_and_every_page_is_stored()
    {
        const int allowedPerSecond = 40;
        const int pages = 600;
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.RateLimit(allowedPerSecond);
        var spec = Specs.Range(upstream, pages, concurrency: 16, retry: PatientRetry);

        var job = await cluster.RunAsync(spec, TimeSpan.FromSeconds(120));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(pages, job.Pages.Succeeded);
        Assert.Equal(pages, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);

        // Over the second half of the job the host was kept busy close to its own rate: the rate was not cut to a crawl,
        // and the upstream never lets more than its rate through.
        var accepted = upstream.RateLimitAcceptedAt;
        var secondHalf = accepted.Skip(accepted.Count / 2).ToList();
        var rate = (secondHalf.Count - 1) / (secondHalf[^1] - secondHalf[0]).TotalSeconds;
        var perSecond = string.Join(" ", accepted.GroupBy(at => (int)at.TotalSeconds).Select(second => second.Count()));
        Assert.True(
            rate >= allowedPerSecond * 0.6 && rate <= allowedPerSecond * 1.1,
            $"{rate:F1} pages/s over the second half; accepted each second: {perSecond}; {upstream.RateLimitedRequests} refused");

        // It learnt rather than hammered: few requests were refused.
        Assert.True(upstream.RateLimitedRequests < pages / 4, $"{upstream.RateLimitedRequests} requests answered 429 for {pages} pages");
    }

    [Fact]
    public async Task A_host_that_asks_to_retry_after_a_while_still_gets_every_page_and_few_refusals()
    {
        const int pages = 120;
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.RateLimit(30, retryAfter: TimeSpan.FromSeconds(1));
        var spec = Specs.Range(upstream, pages, concurrency: 16, retry: PatientRetry);

        var job = await cluster.RunAsync(spec, TimeSpan.FromSeconds(120));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(pages, (await StoredPages.ReadAllAsync(cluster.Blobs, spec.Destination)).Count);
        Assert.True(upstream.RateLimitedRequests < pages / 3, $"{upstream.RateLimitedRequests} requests answered 429 for {pages} pages");
    }

    [Fact]
    public async Task A_healthy_host_is_not_throttled_below_a_jobs_concurrency()
    {
        const int concurrency = 64;
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(300);
        var spec = Specs.Range(upstream, pages: 6 * concurrency, concurrency: concurrency);

        var job = await cluster.RunAsync(spec, TimeSpan.FromSeconds(90));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.True(
            upstream.MaxConcurrentRequests >= concurrency - 4,
            $"at most {upstream.MaxConcurrentRequests} requests were at the host at once; the job allows {concurrency}");
    }
}
