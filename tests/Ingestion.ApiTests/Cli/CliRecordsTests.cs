using System.Text.Json.Nodes;
using Ingestion.Cli;
using Ingestion.Testing;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// How <c>status</c>, <c>watch</c> and <c>submit</c> show a job's records: against a scripted API for the wording, against
/// the real one for a job that writes records and a spec whose records the API refuses.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CliRecordsTests(ApiEnvironment api)
{
    private const string Key = "scripted-key";
    private const string EndedRecords = """{"rows":1000000,"files":12,"bytes":1288490188,"errorPages":2}""";
    private readonly Guid _id = Guid.NewGuid();

    [Fact]
    public async Task Status_shows_the_rows_the_files_and_the_pages_without_records_of_a_job_that_ended()
    {
        var job = ScriptedApi.JobJson(_id, "Completed", 100, 100, 0, records: EndedRecords);

        var result = await ScriptedAsync(new ScriptedApi().Job(job), "status");
        var atTerminal = await ScriptedAsync(new ScriptedApi().Job(job), "status", CliRun.StandardWidth);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("1,000,000 rows in 12 files (2 pages without records)", result.StatusField("records"));
        Assert.True(atTerminal.ExitCode == ExitCodes.Success, atTerminal.ToString());
        Assert.Equal("1,000,000 rows in 12 files (2 pages without records)", atTerminal.StatusField("records"));
    }

    [Fact]
    public async Task Status_of_a_job_without_records_has_no_records_row()
    {
        var scripted = new ScriptedApi().Job(ScriptedApi.JobJson(_id, "Completed", 3, 3, 0));

        var result = await ScriptedAsync(scripted, "status");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.DoesNotContain(result.OutputLines, line => line.StartsWith("records\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_into_a_pipe_shows_the_records_and_their_rate_while_the_job_runs_and_the_files_once_it_ends()
    {
        var scripted = new ScriptedApi().EventStream(
            $"id: 1\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 4, 2, 0, records: """{"rows":1500,"files":0,"bytes":0,"errorPages":0,"rowsPerSecond":85000.4}""")}\n\n" +
            $"id: 2\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 4, 3, 0, records: """{"rows":2250,"files":1,"bytes":4096,"errorPages":1,"rowsPerSecond":12.34}""")}\n\n" +
            $"id: 3\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Completed", 4, 4, 0, records: """{"rows":3000,"files":1,"bytes":8192,"errorPages":1}""")}\n\n");

        var result = await ScriptedAsync(scripted, "watch");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(result.Lines, line => line.StartsWith("Running: 2/4 ended", StringComparison.Ordinal)
            && line.EndsWith("; records: 1,500 rows, 0 files committed; 85,000 rows/s", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.StartsWith("Running: 3/4 ended", StringComparison.Ordinal)
            && line.EndsWith("; records: 2,250 rows, 1 file committed (1 page without records); 12.3 rows/s", StringComparison.Ordinal));
        Assert.Contains("Completed: 4/4 ended (4 succeeded, 0 failed, 0 cancelled); records: 3,000 rows in 1 file (1 page without records)", result.Lines);
        Assert.Equal("3,000 rows in 1 file (1 page without records)", result.StatusField("records"));
    }

    [Fact]
    public async Task Watch_at_a_terminal_shows_the_records_beside_the_bar()
    {
        var scripted = new ScriptedApi().EventStream(
            $"id: 1\nevent: progress\ndata: {ScriptedApi.JobJson(_id, "Running", 4, 2, 0, records: """{"rows":1500,"files":0,"bytes":0,"errorPages":0,"rowsPerSecond":850}""")}\n\n" +
            $"id: 2\nevent: end\ndata: {ScriptedApi.JobJson(_id, "Completed", 4, 4, 0, records: """{"rows":3000,"files":2,"bytes":8192,"errorPages":0}""")}\n\n");

        var result = await ScriptedAsync(scripted, "watch", terminalWidth: 200);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(result.Lines, line => line.Contains("2/4", StringComparison.Ordinal) && line.Contains("1,500 rows, 0 files committed · 850 rows/s", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.Contains("4/4", StringComparison.Ordinal) && line.Contains("3,000 rows in 2 files", StringComparison.Ordinal));
        Assert.Equal("3,000 rows in 2 files", result.StatusField("records"));
    }

    [Fact]
    public async Task Submit_watch_of_a_job_that_writes_records_shows_every_record_once_it_ends()
    {
        await using var source = await RecordSource.StartAsync(perPage: 25, days: 3, TestContext.Current.CancellationToken);
        var spec = RecordsSpec(source.UrlTemplate, pages: 8, format: "parquet");
        using var file = await CliSpecs.WriteAsync(spec);

        var watch = await CliRun.AgainstApiAsync(api, "submit", file.Path, "--watch");
        var status = await CliRun.AgainstApiAsync(api, "status", watch.SubmittedJobId.ToString());

        Assert.True(watch.ExitCode == ExitCodes.Success, watch.ToString());
        Assert.Matches(@"^200 rows in [1-9][0-9]* files?$", watch.StatusField("records"));
        Assert.Contains(watch.Lines, line => line.StartsWith("Completed: 8/8 ended (8 succeeded, 0 failed, 0 cancelled); records: 200 rows in ", StringComparison.Ordinal));
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Equal(watch.StatusField("records"), status.StatusField("records"));
    }

    [Fact]
    public async Task Submit_of_a_spec_whose_records_format_the_api_refuses_names_the_field_and_exits_ApiRefused()
    {
        using var file = await CliSpecs.WriteAsync(RecordsSpec(api.Upstream.BaseUrl + "/pages/{page}", pages: 2, format: "csv"));

        var result = await CliRun.AgainstApiAsync(api, "submit", file.Path);

        Assert.True(result.ExitCode == ExitCodes.ApiRefused, result.ToString());
        Assert.Contains("The job spec is not valid. (400 BadRequest)", result.Output, StringComparison.Ordinal);
        Assert.Contains("records.format: Must be one of \"parquet\", \"jsonl.gz\".", result.Lines);
        Assert.DoesNotContain("Submitted job", result.Output, StringComparison.Ordinal);
    }

    private static JsonObject RecordsSpec(string urlTemplate, int pages, string format) => new()
    {
        ["name"] = "cli-records",
        ["source"] = new JsonObject { ["urlTemplate"] = urlTemplate, ["pages"] = new JsonObject { ["from"] = 1, ["to"] = pages } },
        ["concurrency"] = 4,
        ["destination"] = new JsonObject { ["container"] = "ingest", ["prefix"] = $"cli-tests/{Guid.NewGuid():N}" },
        ["records"] = new JsonObject
        {
            ["pointer"] = "/items",
            ["format"] = format,
            ["partitionBy"] = new JsonObject { ["pointer"] = "/created_at", ["granularity"] = "day" },
            ["lineage"] = true,
        },
    };

    private Task<CliResult> ScriptedAsync(ScriptedApi scripted, string command, int? terminalWidth = null) =>
        CliRun.RunAsync([command, _id.ToString(), "--api-url", ScriptedApi.BaseUrl, "--api-key", Key], scripted, terminalWidth: terminalWidth);
}
