using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ingestion.Testing;
using Microsoft.Extensions.Hosting;

namespace Ingestion.ApiTests;

/// <summary>
/// Pipelines through the API on a cluster of two silos, with the schedule's reminder allowed to tick every second (as
/// Orleans' own tests lower the minimum reminder period) and schedules of a few seconds.
/// </summary>
[Collection(ClusterFailoverCollection.Name)]
public sealed class PipelineApiTests : IAsyncLifetime
{
    private PipelineApiHost _host = null!;
    private UpstreamServer _upstream = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IngestionTestCluster Cluster => _host.Cluster;

    private HttpClient Client => _host.Client;

    private PipelineCalls Calls => _host.Calls;

    public async ValueTask InitializeAsync()
    {
        _host = await PipelineApiHost.StartAsync(Cancellation);
        _upstream = await UpstreamServer.StartNewAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Each_tick_starts_one_run_a_job_of_its_own_and_no_tick_runs_twice()
    {
        var id = await Calls.CreateAsync($$"""
            { "name": "every-2s", "schedule": { "every": "00:00:02" }, "job": {{Job()}} }
            """);

        // Bounded: about forty seconds for twenty ticks.
        var runs = await Calls.WaitForRunsAsync(id, count: 20, TimeSpan.FromSeconds(90));
        using var paused = await Client.PostAsync(new Uri($"/api/pipelines/{id}/pause", UriKind.Relative), null, Cancellation);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);

        var ticks = runs.Select(run => run.GetProperty("tick").GetDateTimeOffset()).ToList();
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, runs.Count).Reverse(), runs.Select(run => run.GetProperty("number").GetInt32()));
        // Ticks of the schedule, newest first; a tick that found the run before still going was skipped, not doubled.
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.True(
            pair.First > pair.Second && (pair.First - pair.Second).Ticks % TimeSpan.FromSeconds(2).Ticks == 0,
            $"{pair.Second:O} then {pair.First:O}"));
        Assert.Equal(runs.Count, runs.Select(run => run.GetProperty("jobId").GetGuid()).Distinct().Count());

        // Each run is a job, named after the pipeline and its number, that stored its pages under its own prefix.
        var last = runs[^1];
        var job = await Calls.GetJsonAsync($"/api/jobs/{last.GetProperty("jobId").GetGuid()}");
        Assert.Equal($"every-2s #{last.GetProperty("number").GetInt32()}", job.GetProperty("spec").GetProperty("name").GetString());
        Assert.Equal($"runs/{last.GetProperty("jobId").GetGuid()}", job.GetProperty("destination").GetProperty("prefix").GetString());
        Assert.Equal(id, job.GetProperty("pipelineId").GetGuid());
        Assert.Equal(last.GetProperty("number").GetInt32(), job.GetProperty("runNumber").GetInt32());
    }

    /// <summary>Runs of about five seconds on a schedule of every two: each tick finds the run before still going.</summary>
    [Theory]
    [InlineData("skip")]
    [InlineData("queue")]
    [InlineData("cancelRunning")]
    public async Task A_tick_that_finds_a_run_going_does_what_the_overlap_policy_says(string overlap)
    {
        _upstream.GlobalDelay = TimeSpan.FromSeconds(5);
        var id = await Calls.CreateAsync($$"""
            { "name": "overlap-{{overlap}}", "schedule": { "every": "00:00:02" }, "overlap": "{{overlap}}",
              "job": { "source": { "urlTemplate": "{{_upstream.PageUrl(1)[..^1]}}{page}", "pages": { "from": 1, "to": 2 } },
                       "destination": { "container": "pipelines", "prefix": "overlap/{runId}" } } }
            """);

        // Bounded: about eleven seconds, five or six ticks, two or three runs.
        await Task.Delay(TimeSpan.FromSeconds(11), Cancellation);
        using var paused = await Client.PostAsync(new Uri($"/api/pipelines/{id}/pause", UriKind.Relative), null, Cancellation);
        var pipeline = await paused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var runs = (await Calls.GetJsonAsync($"/api/pipelines/{id}/runs")).GetProperty("items").EnumerateArray().ToList();
        var statuses = runs.Select(run => run.TryGetProperty("status", out var status) ? status.GetString() : null).ToList();
        var triggers = runs.Select(run => run.GetProperty("trigger").GetString()).ToList();
        var described = $"{pipeline}; runs: {string.Join(", ", runs)}";

        // Never two runs going at once, except for a moment under cancelRunning while the cancelled one winds down.
        Assert.True(runs.Count >= 2, described);
        switch (overlap)
        {
            case "skip":
                Assert.True(pipeline.GetProperty("skippedTicks").GetInt32() >= 2, described);
                Assert.All(triggers, trigger => Assert.Equal("Schedule", trigger));
                break;
            case "queue":
                Assert.Contains("Queued", triggers);
                Assert.True(pipeline.GetProperty("skippedTicks").GetInt32() >= 1, described);
                break;
            case "cancelRunning":
                Assert.Contains("Cancelled", statuses);
                Assert.Equal(0, pipeline.GetProperty("skippedTicks").GetInt32());
                break;
        }
    }

    [Fact]
    public async Task A_trigger_starts_a_run_a_second_one_meets_it_and_a_paused_pipeline_refuses_one()
    {
        _upstream.GlobalDelay = TimeSpan.FromSeconds(1);
        var id = await Calls.CreateAsync($$"""
            { "name": "yearly", "schedule": { "cron": "0 0 1 1 *", "timeZone": "Europe/Amsterdam" }, "job": {{Job()}} }
            """);

        var first = await Calls.TriggerAsync(id);
        var second = await Calls.TriggerAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(first.Run.GetProperty("jobId").GetGuid(), second.Run.GetProperty("jobId").GetGuid());
        Assert.Equal("Manual", first.Run.GetProperty("trigger").GetString());

        using var pause = await Client.PostAsync(new Uri($"/api/pipelines/{id}/pause", UriKind.Relative), null, Cancellation);
        Assert.True((await pause.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("paused").GetBoolean());
        using var refused = await Client.PostAsync(new Uri($"/api/pipelines/{id}/trigger", UriKind.Relative), null, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var resume = await Client.PostAsync(new Uri($"/api/pipelines/{id}/resume", UriKind.Relative), null, Cancellation);
        var resumed = await resume.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.Equal(1, resumed.GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task A_bad_spec_is_a_400_naming_every_bad_field_and_creates_nothing()
    {
        using var content = new StringContent("""
            { "name": "bad", "schedule": { "cron": "61 * * * *" }, "overlap": "sometimes",
              "job": { "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": -1, "to": 3 } } } }
            """, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri("/api/pipelines", UriKind.Relative), content, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("schedule.cron", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("overlap", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("job.source.pages.from", out _), errors.ToString());
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Pipelines_are_listed_newest_first_and_a_deleted_one_is_no_longer_listed()
    {
        var first = await Calls.CreateAsync($$"""{ "name": "listed-1", "schedule": { "cron": "0 0 1 1 *" }, "job": {{Job()}} }""");
        var second = await Calls.CreateAsync($$"""{ "name": "listed-2", "schedule": { "every": "01:00:00" }, "job": {{Job()}} }""");

        var listing = await Calls.GetJsonAsync("/api/pipelines?take=1000");
        var ids = listing.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first) && ids.IndexOf(second) >= 0, string.Join(", ", ids));
        var shown = listing.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetGuid() == second);
        Assert.Equal("listed-2", shown.GetProperty("name").GetString());
        Assert.Equal("every 01:00:00", shown.GetProperty("schedule").GetString());

        using var deleted = await Client.DeleteAsync(new Uri($"/api/pipelines/{second}", UriKind.Relative), Cancellation);
        var after = await Calls.GetJsonAsync("/api/pipelines?take=1000");
        Assert.DoesNotContain(second, after.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
        Assert.Equal(listing.GetProperty("total").GetInt32() - 1, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_replaced_spec_takes_effect_and_keeps_the_watermark_unless_told()
    {
        await using var source = await ChangingSource.StartAsync(Cancellation);
        var spec = $$"""
            { "name": "{0}", "schedule": { "cron": "0 0 1 1 *" },
              "incremental": { "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "{1}" },
              "job": { "source": { "urlTemplate": "{{source.ItemsUrlTemplate(10)}}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
                       "destination": { "container": "incremental", "prefix": "replaced/{runId}" } } }
            """;
        string Spec(string name, string initial) => spec.Replace("{0}", name, StringComparison.Ordinal).Replace("{1}", initial, StringComparison.Ordinal);
        source.Add(3, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var id = await Calls.CreateAsync(Spec("before", "2024-01-01T00:00:00Z"));
        await Calls.TriggerAsync(id);
        await Calls.WaitForRunEndAsync(id, number: 1);

        var kept = await PutAsync(id, Spec("after", "2020-01-01T00:00:00Z"), resetWatermark: false);
        Assert.Equal("after", kept.GetProperty("spec").GetProperty("name").GetString());
        Assert.Equal("2024-06-01T02:00:00Z", kept.GetProperty("watermark").GetProperty("text").GetString());

        var reset = await PutAsync(id, Spec("after", "2020-01-01T00:00:00Z"), resetWatermark: true);
        Assert.Equal("2020-01-01T00:00:00Z", reset.GetProperty("watermark").GetProperty("text").GetString());

        using var content = new StringContent("""{ "name": "broken", "schedule": { "every": "soon" } }""", Encoding.UTF8, "application/json");
        using var invalid = await Client.PutAsync(new Uri($"/api/pipelines/{id}", UriKind.Relative), content, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var unknownContent = new StringContent(Spec("x", "2020-01-01T00:00:00Z"), Encoding.UTF8, "application/json");
        using var unknown = await Client.PutAsync(new Uri($"/api/pipelines/{Guid.CreateVersion7()}", UriKind.Relative), unknownContent, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("after", (await Calls.GetJsonAsync($"/api/pipelines/{id}")).GetProperty("spec").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_pipeline_shows_its_spec_in_the_shape_post_takes_so_it_goes_back_as_it_is()
    {
        var id = await Calls.CreateAsync($$"""
            { "name": "round-trip", "schedule": { "every": "01:30:00" }, "overlap": "cancelRunning", "catchUp": "all",
              "incremental": { "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z",
                               "lookback": "00:05:00", "cursorType": "time", "advanceOnErrors": true },
              "job": { "source": { "urlTemplate": "https://api.example.com/items?since={watermark}&page={page}", "pages": { "from": 1, "to": 3 } },
                       "destination": { "container": "pipelines", "prefix": "trip/{runId}" } },
              "retention": { "keepRuns": 50 } }
            """);
        var shown = (await Calls.GetJsonAsync($"/api/pipelines/{id}")).GetProperty("spec");

        Assert.Equal("cancelRunning", shown.GetProperty("overlap").GetString());
        Assert.Equal("all", shown.GetProperty("catchUp").GetString());
        Assert.Equal("01:30:00", shown.GetProperty("schedule").GetProperty("every").GetString());
        Assert.Equal("2024-01-01T00:00:00Z", shown.GetProperty("incremental").GetProperty("initial").GetString());
        Assert.Equal("time", shown.GetProperty("incremental").GetProperty("cursorType").GetString());
        Assert.Equal("trip/{runId}", shown.GetProperty("job").GetProperty("destination").GetProperty("prefix").GetString());

        // Sent back as shown (to PUT, and to POST as a new pipeline), it is the same spec.
        var replaced = await PutAsync(id, shown.GetRawText(), resetWatermark: false);
        Assert.Equal(shown.GetRawText(), replaced.GetProperty("spec").GetRawText());
        var copy = await Calls.CreateAsync(shown.GetRawText());
        Assert.Equal(shown.GetRawText(), (await Calls.GetJsonAsync($"/api/pipelines/{copy}")).GetProperty("spec").GetRawText());
    }

    private async Task<JsonElement> PutAsync(Guid id, string spec, bool resetWatermark)
    {
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        using var response = await Client.PutAsync(new Uri($"/api/pipelines/{id}?resetWatermark={(resetWatermark ? "true" : "false")}", UriKind.Relative), content, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_deleted_pipeline_is_gone_and_its_runs_jobs_stay()
    {
        var id = await Calls.CreateAsync($$"""{ "name": "short-lived", "schedule": { "cron": "0 0 1 1 *" }, "job": {{Job()}} }""");
        var (_, run) = await Calls.TriggerAsync(id);

        using var deleted = await Client.DeleteAsync(new Uri($"/api/pipelines/{id}", UriKind.Relative), Cancellation);
        using var gone = await Client.GetAsync(new Uri($"/api/pipelines/{id}", UriKind.Relative), Cancellation);
        using var job = await Client.GetAsync(new Uri($"/api/jobs/{run.GetProperty("jobId").GetGuid()}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, job.StatusCode);
    }

    [Fact]
    public async Task An_incremental_run_fetches_what_changed_since_the_last_completed_run_and_the_watermark_follows_the_records()
    {
        await using var source = await ChangingSource.StartAsync(Cancellation);
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        source.Add(25, start, TimeSpan.FromHours(1));
        var id = await Calls.CreateAsync($$"""
            { "name": "items-incremental", "schedule": { "cron": "0 0 1 1 *" },
              "incremental": { "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z", "lookback": "00:05:00" },
              "job": { "source": { "urlTemplate": "{{source.ItemsUrlTemplate(10)}}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
                       "destination": { "container": "incremental", "prefix": "items/{runId}" } } }
            """);

        var (_, first) = await Calls.TriggerAsync(id);
        var afterFirst = await Calls.WaitForRunEndAsync(id, number: 1);
        Assert.Equal("2024-06-02T00:00:00Z", afterFirst.GetProperty("watermark").GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(1, 25), await StoredIdsAsync(first.GetProperty("jobId").GetGuid()));

        // Five records change later: the next run asks from the watermark, less the five minutes of lookback.
        source.Add(5, start.AddHours(30), TimeSpan.FromHours(1));
        var (_, second) = await Calls.TriggerAsync(id);
        Assert.Equal("2024-06-02T00:00:00Z", second.GetProperty("watermarkFrom").GetProperty("text").GetString());
        var afterSecond = await Calls.WaitForRunEndAsync(id, number: 2);

        Assert.Equal("2024-06-02T10:00:00Z", afterSecond.GetProperty("watermark").GetProperty("text").GetString());
        // Record 25 is at the watermark itself, inside the lookback window; 26 to 30 are the ones that changed.
        Assert.Equal(Enumerable.Range(25, 6), await StoredIdsAsync(second.GetProperty("jobId").GetGuid()));
        Assert.Equal("2024-06-02T10:00:00Z", afterSecond.GetProperty("lastRun").GetProperty("watermarkTo").GetProperty("text").GetString());

        // The run's job and its manifest say the same.
        var job = await Calls.GetJsonAsync($"/api/jobs/{second.GetProperty("jobId").GetGuid()}");
        Assert.Equal("2024-06-02T10:00:00Z", job.GetProperty("watermarkTo").GetProperty("text").GetString());
        var manifestBlob = Cluster.Blobs.GetBlobContainerClient("incremental").GetBlobClient(job.GetProperty("manifestBlob").GetString());
        using var manifest = JsonDocument.Parse((await manifestBlob.DownloadContentAsync(Cancellation)).Value.Content.ToString());
        Assert.Equal("2024-06-02T10:00:00Z", manifest.RootElement.GetProperty("watermarkTo").GetProperty("text").GetString());
        Assert.Equal("2024-06-02T00:00:00Z", manifest.RootElement.GetProperty("run").GetProperty("watermarkFrom").GetString());
        Assert.Equal(2, manifest.RootElement.GetProperty("run").GetProperty("runNumber").GetInt32());
    }

    [Fact]
    public async Task A_watermark_from_a_response_header_is_the_largest_value_the_run_s_pages_sent()
    {
        await using var source = await ChangingSource.StartAsync(Cancellation);
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        source.Add(25, start, TimeSpan.FromHours(1));
        var id = await Calls.CreateAsync($$"""
            { "name": "items-header", "schedule": { "cron": "0 0 1 1 *" },
              "incremental": { "from": "header", "header": "{{ChangingSource.MaxUpdatedHeader}}", "initial": "2024-01-01T00:00:00Z" },
              "job": { "source": { "urlTemplate": "{{source.ItemsUrlTemplate(10)}}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
                       "destination": { "container": "incremental", "prefix": "header/{runId}" } } }
            """);

        await Calls.TriggerAsync(id);
        var afterFirst = await Calls.WaitForRunEndAsync(id, number: 1);
        Assert.Equal("2024-06-02T00:00:00Z", afterFirst.GetProperty("watermark").GetProperty("text").GetString());

        source.Add(5, start.AddHours(30), TimeSpan.FromHours(1));
        var (_, second) = await Calls.TriggerAsync(id);
        var afterSecond = await Calls.WaitForRunEndAsync(id, number: 2);

        Assert.Equal("2024-06-02T10:00:00Z", afterSecond.GetProperty("watermark").GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(25, 6), await StoredIdsAsync(second.GetProperty("jobId").GetGuid(), "header"));
    }

    [Fact]
    public async Task A_watermark_from_the_run_s_start_asks_the_next_run_for_what_changed_since_then()
    {
        await using var source = await ChangingSource.StartAsync(Cancellation);
        source.Add(25, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var id = await Calls.CreateAsync($$"""
            { "name": "items-since-start", "schedule": { "cron": "0 0 1 1 *" },
              "incremental": { "from": "runStart", "initial": "2024-01-01T00:00:00Z" },
              "job": { "source": { "urlTemplate": "{{source.ItemsUrlTemplate(10)}}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
                       "destination": { "container": "incremental", "prefix": "since-start/{runId}" } } }
            """);

        var (_, first) = await Calls.TriggerAsync(id);
        var afterFirst = await Calls.WaitForRunEndAsync(id, number: 1);
        var firstJob = await Calls.GetJsonAsync($"/api/jobs/{first.GetProperty("jobId").GetGuid()}");
        var startedAt = firstJob.GetProperty("createdAt").GetDateTimeOffset();
        var watermark = afterFirst.GetProperty("watermark").GetProperty("text").GetString();
        Assert.Equal(startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), watermark);
        Assert.Equal(25, (await StoredIdsAsync(first.GetProperty("jobId").GetGuid(), "since-start")).Count);

        // Three records change after run 1 started: run 2 asks from that start and gets only them.
        source.Add(3, DateTimeOffset.UtcNow.AddMinutes(1), TimeSpan.FromSeconds(1));
        var (_, second) = await Calls.TriggerAsync(id);
        Assert.Equal(watermark, second.GetProperty("watermarkFrom").GetProperty("text").GetString());
        await Calls.WaitForRunEndAsync(id, number: 2);

        Assert.Equal([26, 27, 28], await StoredIdsAsync(second.GetProperty("jobId").GetGuid(), "since-start"));
    }

    [Fact]
    public async Task A_silo_killed_during_an_incremental_run_moves_nothing_until_the_run_completes_and_loses_or_doubles_no_record()
    {
        await using var source = await ChangingSource.StartAsync(Cancellation);
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        source.Add(25, start, TimeSpan.FromHours(1));
        var id = await Calls.CreateAsync($$"""
            { "name": "items-failover", "schedule": { "cron": "0 0 1 1 *" },
              "incremental": { "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z" },
              "job": { "source": { "urlTemplate": "{{source.ItemsUrlTemplate(10)}}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
                       "concurrency": 2, "destination": { "container": "incremental", "prefix": "failover/{runId}" } } }
            """);
        await Calls.TriggerAsync(id);
        await Calls.WaitForRunEndAsync(id, number: 1);

        // Run 2 has 200 changed records in 20 pages of half a second each, two at a time: about five seconds.
        source.Add(200, start.AddDays(2), TimeSpan.FromMinutes(1));
        source.Delay = TimeSpan.FromMilliseconds(500);
        var (_, second) = await Calls.TriggerAsync(id);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancellation);

        // The pipeline grain's silo dies with no warning while the run is going.
        var cluster = Cluster.Cluster;
        var pipelineGrain = Cluster.Client.GetGrain<Grains.IPipelineGrain>(id);
        var victim = cluster.Silos.FirstOrDefault(silo => cluster.TryGetGrainContext(pipelineGrain.GetGrainId(), out var context)
            && context.Address.SiloAddress == silo.SiloAddress) ?? cluster.Silos[0];
        await cluster.KillSiloAsync(victim, Cancellation);

        var during = await Calls.GetJsonAsync($"/api/pipelines/{id}");
        Assert.Equal("2024-06-02T00:00:00Z", during.GetProperty("watermark").GetProperty("text").GetString());

        var after = await Calls.WaitForRunEndAsync(id, number: 2, TimeSpan.FromSeconds(120));
        var newest = start.AddDays(2).AddMinutes(199).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(newest, after.GetProperty("watermark").GetProperty("text").GetString());
        // Every changed record stored once (record 25, at the watermark, is asked for again as updated_since includes it).
        var stored = await StoredIdsAsync(second.GetProperty("jobId").GetGuid(), "failover");
        Assert.Equal([25, .. Enumerable.Range(26, 200)], stored);
    }

    /// <summary>The ids of the records a run's job stored, in order, read from its page blobs.</summary>
    private async Task<List<int>> StoredIdsAsync(Guid jobId, string folder = "items")
    {
        var container = Cluster.Blobs.GetBlobContainerClient("incremental");
        var ids = new List<int>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{folder}/{jobId}/pages/", Cancellation))
        {
            var body = await container.GetBlobClient(blob.Name).DownloadContentAsync(Cancellation);
            using var page = JsonDocument.Parse(body.Value.Content.ToString());
            ids.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt32()));
        }

        return [.. ids.Order()];
    }

    private string Job() => $$"""
        {
          "source": { "urlTemplate": "{{_upstream.PageUrl(1)[..^1]}}{page}", "pages": { "from": 1, "to": 3 } },
          "destination": { "container": "pipelines", "prefix": "runs/{runId}" }
        }
        """;
}
