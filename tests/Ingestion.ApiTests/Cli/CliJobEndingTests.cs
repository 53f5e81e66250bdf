using System.Text.Json.Nodes;
using Ingestion.Cli;
using Ingestion.Testing;

namespace Ingestion.ApiTests.Cli;

/// <summary>How <c>status</c> and <c>watch</c> tell the way a job ended.</summary>
[Collection(ApiCollection.Name)]
public sealed class CliJobEndingTests(ApiEnvironment api)
{
    [Fact]
    public async Task Status_and_watch_show_how_the_source_ended_and_that_maxPages_truncated_it()
    {
        // The source states 10 pages (X-Total-Pages), more than the job's maxPages of 4.
        await using var source = await PaginatedApi.StartAsync(itemCount: 95, pageSize: 10, TestContext.Current.CancellationToken);
        using var spec = await CliSpecs.WriteAsync(new JsonObject
        {
            ["name"] = "cli-truncated",
            ["source"] = new JsonObject
            {
                ["urlTemplate"] = source.PageTemplate,
                ["pages"] = new JsonObject { ["from"] = 1 },
                ["totalPages"] = new JsonObject { ["header"] = "X-Total-Pages" },
            },
            ["maxPages"] = 4,
            ["concurrency"] = 2,
            ["destination"] = new JsonObject { ["container"] = "ingest", ["prefix"] = $"cli-tests/{Guid.NewGuid():N}" },
        });
        const string reason = "The source states 10 pages; maxPages (4) stops the job there.";

        var watch = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");
        var id = watch.SubmittedJobId.ToString();
        var status = await CliRun.AgainstApiAsync(api, "status", id);
        var atTerminal = await CliRun.AtTerminalAgainstApiAsync(api, CliRun.StandardWidth, "status", id);

        Assert.True(watch.ExitCode == ExitCodes.Success, watch.ToString());
        Assert.Equal("4", watch.StatusField("total"));
        Assert.Equal(reason, watch.StatusField("end reason"));
        Assert.Equal("yes", watch.StatusField("truncated"));
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Equal("field\tvalue", status.OutputLines[0]);
        Assert.Equal(reason, status.StatusField("end reason"));
        Assert.Equal("yes", status.StatusField("truncated"));
        Assert.True(atTerminal.ExitCode == ExitCodes.Success, atTerminal.ToString());
        Assert.Equal("yes: maxPages stopped the job before the source's end", atTerminal.StatusField("truncated"));
        Assert.StartsWith("The source states 10 pages;", atTerminal.StatusField("end reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_a_job_that_read_its_whole_source_says_it_was_not_truncated()
    {
        await using var source = await PaginatedApi.StartAsync(itemCount: 25, pageSize: 10, TestContext.Current.CancellationToken);
        using var spec = await CliSpecs.WriteAsync(new JsonObject
        {
            ["source"] = new JsonObject
            {
                ["urlTemplate"] = source.PageTemplate,
                ["pages"] = new JsonObject { ["from"] = 1 },
                ["stopWhenEmpty"] = "/items",
            },
            ["concurrency"] = 1,
            ["destination"] = new JsonObject { ["container"] = "ingest", ["prefix"] = $"cli-tests/{Guid.NewGuid():N}" },
        });

        var watch = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");
        var status = await CliRun.AgainstApiAsync(api, "status", watch.SubmittedJobId.ToString());

        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Equal("3", status.StatusField("total"));
        Assert.Equal("Page 4 is past the end (no items at /items): the range ends at page 3.", status.StatusField("end reason"));
        Assert.Equal("no", status.StatusField("truncated"));
    }

    [Fact]
    public async Task Watch_of_a_job_that_ends_Failed_exits_JobFailed_and_shows_why()
    {
        api.Upstream.Clear();
        api.Upstream.Fail(2, 404);

        // No failed page allowed, and one page at a time, so the job stops at page 2 with most of its pages to go.
        var spec = CliSpecs.Range(api.Upstream, pages: 20, concurrency: 1);
        spec["failure"] = new JsonObject { ["maxFailedPages"] = 0 };
        using var file = await CliSpecs.WriteAsync(spec);

        var watch = await CliRun.AgainstApiAsync(api, "submit", file.Path, "--watch");

        Assert.True(watch.ExitCode == ExitCodes.JobFailed, watch.ToString());
        Assert.Equal(1, ExitCodes.JobFailed);
        Assert.Equal("Failed", watch.StatusField("status"));
        Assert.Equal("1", watch.StatusField("failed"));
        Assert.NotEqual("", watch.StatusField("error"));
    }
}
