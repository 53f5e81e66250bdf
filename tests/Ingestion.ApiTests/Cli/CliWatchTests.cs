using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliWatchTests(ApiEnvironment api)
{
    private static readonly int[] MissingPages = [3, 17, 42];

    [Fact]
    public async Task Submit_watch_follows_a_job_to_Completed_and_shows_the_final_counts()
    {
        api.Upstream.Clear();
        api.Upstream.BodySize = 1024;
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 50));

        var result = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Completed: 50/50 ended (50 succeeded, 0 failed, 0 cancelled)", result.Output, StringComparison.Ordinal);
        Assert.Equal("Completed", result.StatusField("status"));
        Assert.Equal("50", result.StatusField("total"));
        Assert.Equal("50", result.StatusField("succeeded"));
        Assert.Equal("0", result.StatusField("failed"));
        Assert.StartsWith("51,200 ", result.StatusField("bytes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_follows_the_apis_event_stream_without_polling()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 20));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path)).SubmittedJobId;
        using var recording = new RecordingHandler();

        var result = await CliRun.RunAsync(
            ["watch", id.ToString(), "--api-url", api.ApiBaseAddress.ToString(), "--api-key", ApiEnvironment.ApiKey],
            recording);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"GET /api/jobs/{id}/events", recording.Requests);
        Assert.DoesNotContain($"GET /api/jobs/{id}", recording.Requests);
        Assert.Contains("Completed: 20/20 ended (20 succeeded, 0 failed, 0 cancelled)", result.Lines);
    }

    [Fact]
    public async Task Watch_of_a_job_with_missing_pages_exits_JobFailed_and_pages_failed_lists_exactly_those()
    {
        api.Upstream.Clear();
        foreach (var page in MissingPages)
        {
            api.Upstream.Fail(page, 404);
        }

        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 50));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path)).SubmittedJobId.ToString();

        var watch = await CliRun.AgainstApiAsync(api, "watch", id);
        var failed = await CliRun.AgainstApiAsync(api, "pages", id, "--failed");

        Assert.True(watch.ExitCode == ExitCodes.JobFailed, watch.ToString());
        Assert.Equal("CompletedWithErrors", watch.StatusField("status"));
        Assert.Equal("3", watch.StatusField("failed"));
        Assert.True(failed.ExitCode == ExitCodes.Success, failed.ToString());
        Assert.Equal(MissingPages, failed.FirstColumnNumbers());
        Assert.All(MissingPages, page => Assert.Contains(api.Upstream.PageUrl(page), failed.Output, StringComparison.Ordinal));
        Assert.Contains("1-3 of 3 failed pages", failed.Output, StringComparison.Ordinal);
    }
}
