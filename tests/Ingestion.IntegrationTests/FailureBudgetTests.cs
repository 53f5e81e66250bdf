using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class FailureBudgetTests(SharedCluster cluster)
{
    [Fact]
    public async Task A_job_that_fails_more_pages_than_allowed_stops_as_failed_and_cancels_the_rest()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Script((page, _) => page % 2 == 0 ? UpstreamResponse.Error(404) : null);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(20);
        var spec = Specs.Range(upstream, pages: 400, concurrency: 4) with { Failure = new FailureSpec { MaxFailedPages = 5 } };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("more than the job's limit of 5", job.Error, StringComparison.Ordinal);
        Assert.InRange(job.Pages.Failed, 6, 6 + spec.Concurrency);
        Assert.True(job.Pages.Cancelled > 300, $"only {job.Pages.Cancelled} pages were cancelled");
        Assert.Equal(job.Pages.Total, job.Pages.Succeeded + job.Pages.Failed + job.Pages.Cancelled);
        Assert.True(upstream.TotalRequests < 40, $"{upstream.TotalRequests} requests were made after the budget ran out");
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(JobStatus.Failed, manifest.Status);
        Assert.Equal(job.Error, manifest.Error);
    }

    [Fact]
    public async Task A_fraction_of_the_pages_can_be_the_limit()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(3, 404).Fail(7, 404);
        var spec = Specs.Range(upstream, pages: 20) with { Failure = new FailureSpec { MaxFailedFraction = 0.1 } };

        var job = await cluster.RunAsync(spec);

        // 2 of 20 is within 10%.
        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(2, job.Pages.Failed);
    }

    [Fact]
    public async Task A_job_whose_first_pages_all_fail_authentication_stops_instead_of_hammering_the_host()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Script((_, _) => UpstreamResponse.Error(401));
        var spec = Specs.Range(upstream, pages: 5_000, concurrency: 8);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("HTTP 401/403 (credentials refused)", job.Error, StringComparison.Ordinal);
        Assert.True(upstream.TotalRequests <= 10 + spec.Concurrency, $"{upstream.TotalRequests} requests were made");
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 100))!;
        Assert.All(failed.Items, page => Assert.Equal(401, page.HttpStatus));
    }

    [Fact]
    public async Task Authentication_failures_after_successes_do_not_stop_the_job()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Script((page, _) => page > 5 ? UpstreamResponse.Error(403) : null);
        var spec = Specs.Range(upstream, pages: 30, concurrency: 1);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(new PageCounts(30, 5, 25, 0, 0, 0), job.Pages);
    }
}
