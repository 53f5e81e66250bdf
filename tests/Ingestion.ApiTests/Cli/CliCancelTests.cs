using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliCancelTests(ApiEnvironment api)
{
    [Fact]
    public async Task Cancel_stops_a_running_job_and_its_watcher_exits_JobCancelled()
    {
        api.Upstream.Clear();
        api.Upstream.GlobalDelay = TimeSpan.FromMilliseconds(500);
        try
        {
            // 40 pages, 2 at a time, half a second each: ten seconds of work, so it is surely running when cancelled.
            using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 40, concurrency: 2));
            var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path)).SubmittedJobId.ToString();
            var watching = CliRun.AgainstApiAsync(api, "watch", id);

            var cancel = await CliRun.AgainstApiAsync(api, "cancel", id);
            var status = await CliRun.AgainstApiAsync(api, "status", id);
            var again = await CliRun.AgainstApiAsync(api, "cancel", id);
            var watch = await watching;

            Assert.True(cancel.ExitCode == ExitCodes.Success, cancel.ToString());
            Assert.Contains($"Job {id} is Cancelled", cancel.Output, StringComparison.Ordinal);
            Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
            Assert.Equal("Cancelled", status.StatusField("status"));
            Assert.NotEqual("0", status.StatusField("cancelled"));
            Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
            Assert.True(watch.ExitCode == ExitCodes.JobCancelled, watch.ToString());
        }
        finally
        {
            api.Upstream.GlobalDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Cancel_counts_a_single_page_in_the_singular()
    {
        var id = Guid.NewGuid();
        var scripted = new ScriptedApi { Otherwise = ScriptedApi.JobJson(id, "Cancelled", 1, 0, 0, cancelled: 1) };

        var result = await CliRun.RunAsync(["cancel", id.ToString(), "--api-url", ScriptedApi.BaseUrl, "--api-key", "scripted-key"], scripted);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal([$"Job {id} is Cancelled: 0 stored, 0 failed, 1 cancelled of 1 page."], result.Lines);
    }

    [Fact]
    public async Task Cancel_of_a_job_that_has_completed_prints_why_and_exits_ApiRefused()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 3));
        var submit = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");
        Assert.True(submit.ExitCode == ExitCodes.Success, submit.ToString());
        var id = submit.SubmittedJobId;

        var result = await CliRun.AgainstApiAsync(api, "cancel", id.ToString());

        Assert.True(result.ExitCode == ExitCodes.ApiRefused, result.ToString());
        Assert.Contains("The job has already ended. (409 Conflict)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Job '{id}' is Completed; only a running job can be cancelled.", result.Output, StringComparison.Ordinal);
    }
}
