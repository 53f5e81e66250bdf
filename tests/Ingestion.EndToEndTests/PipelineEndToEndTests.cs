using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ingestion.Cli;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>
/// A pipeline as a user runs one: created with the API the AppHost started, its runs triggered and followed with the
/// command line, against a source that answers conditional requests; what landed read back from the AppHost's Azurite.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class PipelineEndToEndTests(AppHostFixture app)
{
    private const int Pages = 30;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_run_over_an_unchanged_source_revalidates_every_page_and_uploads_nothing()
    {
        await using var source = await RevalidatingSource.StartAsync(Pages, RevalidatingSourceValidators.Both, Cancellation);
        var spec = $$"""
            { "name": "e2e-resync", "schedule": { "cron": "0 0 1 1 *" },
              "job": { "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": {{Pages}} } },
                       "destination": { "container": "ingest", "prefix": "e2e-pipeline/{runId}" } } }
            """;
        using var created = await app.Api.PostAsync("/api/pipelines", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();

        var first = await TriggerAndWatchAsync(id, number: 1);
        var second = await TriggerAndWatchAsync(id, number: 2);

        Assert.Equal((Pages, Pages, Pages), (source.Full, source.NotModified, source.Conditional));
        var firstJob = await app.WaitForEndAsync($"/api/jobs/{first}");
        var secondJob = await app.WaitForEndAsync($"/api/jobs/{second}");
        Assert.Equal((Pages, 0), (firstJob.Pages.Succeeded, firstJob.Pages.Unchanged));
        Assert.Equal((0, Pages, 0L), (secondJob.Pages.Succeeded, secondJob.Pages.Unchanged, secondJob.Bytes));
        Assert.Equal((id, 2), (secondJob.PipelineId, secondJob.RunNumber));

        // The command line lists both runs, the newest first.
        var (exitCode, runs) = await CliAgainstAppHost.RunAsync(app, "pipeline", "runs", id.ToString());
        Assert.True(exitCode == ExitCodes.Success, runs);
        var lines = runs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.StartsWith($"2\t{second}\tCompleted", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"1\t{first}\tCompleted", lines[1], StringComparison.Ordinal);

        // The second run's manifest points every page at the blob the first run stored it in.
        var manifest = await app.Blobs.GetBlobContainerClient("ingest").GetBlobClient(secondJob.ManifestBlob).DownloadContentAsync(Cancellation);
        using var document = JsonDocument.Parse(manifest.Value.Content.ToString());
        var blobs = document.RootElement.GetProperty("pages").EnumerateArray().Select(page => page.GetProperty("blob").GetString()!).ToList();
        Assert.Equal(Pages, blobs.Count);
        Assert.All(blobs, blob => Assert.StartsWith($"{firstJob.Destination.Prefix}/pages/", blob, StringComparison.Ordinal));
    }

    /// <summary>Triggers run <paramref name="number"/> with <c>ingest pipeline trigger --watch</c>; its job id once it has ended and the pipeline has seen it.</summary>
    private async Task<Guid> TriggerAndWatchAsync(Guid id, int number)
    {
        var (exitCode, output) = await CliAgainstAppHost.RunAsync(app, "pipeline", "trigger", id.ToString(), "--watch");
        Assert.True(exitCode == ExitCodes.Success, output);
        var match = RunJob().Match(output);
        Assert.True(match.Success && match.Groups["number"].Value == number.ToString(System.Globalization.CultureInfo.InvariantCulture), output);

        // The job tells its pipeline as it ends; the next trigger must find the run ended, not under way.
        var pipeline = await Polling.UntilAsync(
            token => app.Api.GetFromJsonAsync<JsonElement>($"/api/pipelines/{id}", token),
            view => view.GetProperty("lastRun").TryGetProperty("endedAt", out var ended) && ended.ValueKind == JsonValueKind.String);
        Assert.Equal(JsonValueKind.String, pipeline.GetProperty("lastRun").GetProperty("endedAt").ValueKind);
        return Guid.Parse(match.Groups["job"].Value);
    }

    [GeneratedRegex("Run #(?<number>[0-9]+) is job (?<job>[0-9a-f-]{36})")]
    private static partial Regex RunJob();
}
