using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliRetryTests(ApiEnvironment api)
{
    [Fact]
    public async Task Retry_fetches_the_failed_pages_again_and_watch_sees_the_job_complete()
    {
        api.Upstream.Clear();
        api.Upstream.Fail(3, 404).Fail(7, 404);
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 10));
        var submit = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");
        Assert.True(submit.ExitCode == ExitCodes.JobFailed, submit.ToString());
        var id = submit.SubmittedJobId.ToString();
        api.Upstream.Clear();

        var retry = await CliRun.AgainstApiAsync(api, "retry", id, "--watch");
        var status = await CliRun.AgainstApiAsync(api, "status", id);
        var again = await CliRun.AgainstApiAsync(api, "retry", id);

        Assert.True(retry.ExitCode == ExitCodes.Success, retry.ToString());
        Assert.Contains($"Job {id} is Running again: 8 pages stored are kept, 2 pages to fetch.", retry.Output, StringComparison.Ordinal);
        Assert.Equal("Completed", status.StatusField("status"));
        Assert.Equal("10", status.StatusField("succeeded"));
        Assert.Equal("1 retry of the failed pages", status.StatusField("retries"));
        Assert.Equal(1, api.Upstream.RequestCount(3));
        Assert.Equal(0, api.Upstream.RequestCount(1));
        Assert.True(again.ExitCode == ExitCodes.ApiRefused, again.ToString());
        Assert.Contains("stored every page (Completed): nothing failed.", again.Output, StringComparison.Ordinal);
    }
}
