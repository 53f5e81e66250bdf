using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed partial class CliPipelineTests(ApiEnvironment api)
{
    [Fact]
    public async Task A_pipeline_is_created_run_followed_listed_paused_updated_and_deleted_from_the_command_line()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(Pipeline("cli-pipeline"));

        var created = await CliRun.AgainstApiAsync(api, "pipeline", "create", spec.Path);
        Assert.True(created.ExitCode == ExitCodes.Success, created.ToString());
        var id = CreatedId().Match(created.Output) is { Success: true } match ? match.Groups["id"].Value : throw new InvalidOperationException(created.ToString());
        Assert.Contains("0 0 1 1 * (Europe/Amsterdam)", created.Output, StringComparison.Ordinal);

        // A run now, followed to its end like a submitted job: the exit code says how it ended.
        var triggered = await CliRun.AgainstApiAsync(api, "pipeline", "trigger", id, "--watch");
        Assert.True(triggered.ExitCode == ExitCodes.Success, triggered.ToString());
        var jobId = RunJob().Match(triggered.Output).Groups["job"].Value;
        Assert.Matches("^[0-9a-f-]{36}$", jobId);

        var runs = await CliRun.AgainstApiAsync(api, "pipeline", "runs", id);
        var run = Assert.Single(runs.TsvRows("run\tjob\tstatus\ttrigger\tfrom\tto\tcreated"));
        Assert.Equal(["1", jobId], run[..2]);
        Assert.Equal("Manual", run[3]);

        var show = await CliRun.AgainstApiAsync(api, "pipeline", "show", id);
        Assert.Equal("cli-pipeline", show.StatusField("name"));
        Assert.Equal("no", show.StatusField("paused"));
        Assert.Equal("1", show.StatusField("runs"));

        var paused = await CliRun.AgainstApiAsync(api, "pipeline", "pause", id);
        Assert.Contains("is paused", paused.Output, StringComparison.Ordinal);
        var refused = await CliRun.AgainstApiAsync(api, "pipeline", "trigger", id);
        Assert.True(refused.ExitCode == ExitCodes.ApiRefused, refused.ToString());
        Assert.Contains("The pipeline is paused", refused.Output, StringComparison.Ordinal);
        var resumed = await CliRun.AgainstApiAsync(api, "pipeline", "resume", id);
        Assert.Contains("runs again", resumed.Output, StringComparison.Ordinal);

        using var renamed = await CliSpecs.WriteAsync(Pipeline("cli-pipeline-renamed"));
        var updated = await CliRun.AgainstApiAsync(api, "pipeline", "update", id, renamed.Path);
        Assert.True(updated.ExitCode == ExitCodes.Success, updated.ToString());
        Assert.Equal("cli-pipeline-renamed", (await CliRun.AgainstApiAsync(api, "pipeline", "show", id)).StatusField("name"));

        var listed = await CliRun.AgainstApiAsync(api, "pipeline", "list", "--take", "1000");
        Assert.Contains(listed.TsvRows("id\tname\tschedule\tpaused\tcreated"), row => row[0] == id && row[1] == "cli-pipeline-renamed");

        var deleted = await CliRun.AgainstApiAsync(api, "pipeline", "delete", id);
        Assert.True(deleted.ExitCode == ExitCodes.Success, deleted.ToString());
        var gone = await CliRun.AgainstApiAsync(api, "pipeline", "show", id);
        Assert.True(gone.ExitCode == ExitCodes.ApiRefused, gone.ToString());
        // The run's job stays.
        Assert.Equal("Completed", (await CliRun.AgainstApiAsync(api, "status", jobId)).StatusField("status"));
    }

    private JsonObject Pipeline(string name)
    {
        var job = CliSpecs.Range(api.Upstream, pages: 3);
        job["destination"] = new JsonObject { ["container"] = "ingest", ["prefix"] = "cli-pipelines/{runId}" };
        return new JsonObject
        {
            ["name"] = name,
            ["schedule"] = new JsonObject { ["cron"] = "0 0 1 1 *", ["timeZone"] = "Europe/Amsterdam" },
            ["job"] = job,
        };
    }

    [GeneratedRegex("Created pipeline (?<id>[0-9a-f-]{36})")]
    private static partial Regex CreatedId();

    [GeneratedRegex("Run #1 is job (?<job>[0-9a-f-]{36})")]
    private static partial Regex RunJob();
}
