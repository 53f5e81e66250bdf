using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

/// <summary>How <c>watch</c> copes with the event stream, against a scripted API.</summary>
public sealed class CliEventStreamTests
{
    private const string Key = "scripted-key";
    private readonly Guid _id = Guid.NewGuid();

    [Fact]
    public async Task Watch_reconnects_after_the_stream_drops_resuming_after_the_last_job_event()
    {
        var api = new ScriptedApi()
            .EventStream(
                $"retry: 10\nid: 7\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 3, 1, 0)}\n\n" +
                "event: heartbeat\ndata: \n\n")
            .EventStream(
                $"id: 8\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 3, 2, 0)}\n\n" +
                $"id: 9\nevent: end\ndata: {ScriptedApi.JobJson(_id, "CompletedWithErrors", 3, 2, 1)}\n\n");

        var result = await WatchAsync(api);

        Assert.True(result.ExitCode == ExitCodes.JobFailed, result.ToString());
        var requests = api.Requests.ToArray();
        Assert.Equal([$"GET /api/jobs/{_id}/events", $"GET /api/jobs/{_id}/events"], requests.Select(r => r.Request));
        Assert.Null(requests[0].LastEventId);
        Assert.Equal("7", requests[1].LastEventId);
        Assert.All(requests, r => Assert.Equal(Key, r.ApiKey));
        Assert.Contains(result.Lines, line => line.StartsWith("Running: 1/3 ended (1 succeeded, 0 failed, 0 cancelled)", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.StartsWith("Running: 2/3 ended (2 succeeded, 0 failed, 0 cancelled)", StringComparison.Ordinal));
        Assert.Contains("CompletedWithErrors: 3/3 ended (2 succeeded, 1 failed, 0 cancelled)", result.Lines);
        Assert.Equal("CompletedWithErrors", result.StatusField("status"));
    }

    [Fact]
    public async Task Watch_polls_the_job_when_the_api_has_no_event_stream()
    {
        var api = new ScriptedApi()
            .Job(ScriptedApi.JobJson(_id, "Running", 4, 1, 0))
            .Job(ScriptedApi.JobJson(_id, "Cancelled", 4, 1, 0, cancelled: 3));

        var result = await WatchAsync(api);

        Assert.True(result.ExitCode == ExitCodes.JobCancelled, result.ToString());
        Assert.Equal(
            [$"GET /api/jobs/{_id}/events", $"GET /api/jobs/{_id}", $"GET /api/jobs/{_id}"],
            api.Requests.Select(r => r.Request));
        Assert.Contains("Cancelled: 4/4 ended (1 succeeded, 0 failed, 3 cancelled)", result.Lines);
    }

    [Fact]
    public async Task Watch_ends_Completed_with_exit_code_Success()
    {
        var api = new ScriptedApi()
            .EventStream($"id: 1\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Completed", 2, 2, 0)}\n\n");

        var result = await WatchAsync(api);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("2", result.StatusField("succeeded"));
    }

    [Fact]
    public async Task A_page_status_from_a_newer_api_shows_as_Unknown_rather_than_failing()
    {
        var api = new ScriptedApi
        {
            Otherwise = """{"items":[{"page":1,"url":"https://example.test/1","status":"somethingNew","attempts":1}],"total":1,"skip":0,"take":100}""",
        };

        var result = await CliRun.RunAsync(["pages", _id.ToString(), "--api-url", ScriptedApi.BaseUrl, "--api-key", Key], api);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal([1], result.FirstColumnNumbers());
        Assert.Contains("Unknown", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_at_a_terminal_counts_pages_without_a_percentage_until_the_total_is_known()
    {
        // An open range: 74 pages ended, all it knows of so far; then its end is found at 80; then it completes.
        var api = new ScriptedApi().EventStream(
            $"id: 1\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 74, 74, 0, totalKnown: false)}\n\n" +
            $"id: 2\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 80, 74, 0)}\n\n" +
            $"id: 3\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Completed", 80, 80, 0)}\n\n");

        var result = await WatchAsync(api, terminalWidth: 160);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var discovering = result.Lines.Where(line => line.Contains("74 pages so far", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(discovering);
        Assert.All(discovering, line => Assert.DoesNotContain("%", line, StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.Contains("74/80", StringComparison.Ordinal) && line.Contains(" 92%", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.Contains("80/80", StringComparison.Ordinal) && line.Contains("100%", StringComparison.Ordinal));
        Assert.DoesNotContain("74/74", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_into_a_pipe_says_the_total_is_not_known_yet_while_the_end_is_not_found()
    {
        var api = new ScriptedApi().EventStream(
            $"id: 1\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 74, 73, 0, totalKnown: false)}\n\n" +
            $"id: 2\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Completed", 80, 80, 0)}\n\n");

        var result = await WatchAsync(api);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(result.Lines, line => line.StartsWith("Running: 73 ended of 74 pages so far, total not known yet (73 succeeded, 0 failed, 0 cancelled)", StringComparison.Ordinal));
        Assert.Contains("Completed: 80/80 ended (80 succeeded, 0 failed, 0 cancelled)", result.Lines);
    }

    [Fact]
    public async Task Watch_at_a_terminal_of_a_job_that_ends_Failed_exits_JobFailed()
    {
        var api = new ScriptedApi().EventStream(
            $"id: 1\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 10, 2, 1, totalKnown: false)}\n\n" +
            $"id: 2\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Failed", 10, 2, 1, cancelled: 7, totalKnown: false)}\n\n");

        var result = await WatchAsync(api, terminalWidth: 160);

        Assert.True(result.ExitCode == ExitCodes.JobFailed, result.ToString());
        Assert.Equal("Failed", result.StatusField("status"));
    }

    private Task<CliResult> WatchAsync(ScriptedApi api, int? terminalWidth = null) =>
        CliRun.RunAsync(["watch", _id.ToString(), "--api-url", ScriptedApi.BaseUrl, "--api-key", Key], api, terminalWidth: terminalWidth);
}
