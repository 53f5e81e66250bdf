using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Baseline;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs <see cref="ResyncScenario"/>: the loop over the source (the baseline's process, after its warm-up), then a
/// pipeline created through the real API and triggered twice; each run's pages/s is from its job's creation to its
/// completion, its bytes those it uploaded.
/// </summary>
public sealed class ResyncRunner(AzuriteInstance azurite, ServiceProcesses services, string apiKey, WarmUp warmUp)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<ResyncResult> RunAsync(ResyncScenario scenario, bool serviceOnly, CancellationToken cancellationToken)
    {
        await using var source = await RevalidatingSource.StartAsync(
            scenario.Pages, RevalidatingSourceValidators.Both, cancellationToken, scenario.BodySize);
        RunResult? loop = null;
        if (!serviceOnly)
        {
            // The warm-up fetches pages of the same source (it serves no others), unconditionally as the loop does.
            Console.WriteLine($"{scenario.Name}: loop...");
            loop = await BaselineProcess.RunAsync(
                new BaselineOptions(
                    source.UrlTemplate,
                    scenario.Pages,
                    new WarmUp(Math.Min(warmUp.Pages, scenario.Pages), 1),
                    scenario.Concurrency,
                    azurite.ConnectionString,
                    "baseline",
                    Guid.NewGuid().ToString("N"),
                    BaselineOptions.DefaultTimeout),
                () => ProcessCpuTime.Of(azurite),
                cancellationToken);
        }

        using var http = new HttpClient { BaseAddress = new Uri(services.ApiBaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var spec = new
        {
            name = "resync",
            schedule = new { cron = "0 0 1 1 *" },
            job = new
            {
                source = new { urlTemplate = source.UrlTemplate, pages = new { from = 1, to = scenario.Pages } },
                concurrency = scenario.Concurrency,
                maxPages = scenario.Pages,
                destination = new { container = "bench", prefix = $"resync/{Guid.NewGuid():N}/{{runId}}" },
            },
        };
        using var created = await http.PostAsJsonAsync("/api/pipelines", spec, cancellationToken);
        await EnsureSuccessAsync(created, "Creating the pipeline", cancellationToken);
        var pipeline = created.Headers.Location ?? throw new InvalidOperationException("No Location header.");

        Console.WriteLine($"{scenario.Name}: run 1...");
        var first = await RunOnceAsync(http, pipeline, number: 1, cancellationToken);
        Console.WriteLine($"{scenario.Name}: run 2...");
        var second = await RunOnceAsync(http, pipeline, number: 2, cancellationToken);
        return new ResyncResult(scenario, loop, first, second, (long)scenario.Pages * scenario.BodySize);
    }

    /// <summary>Triggers run <paramref name="number"/>, waits for its job, then for the pipeline to have seen it end.</summary>
    private async Task<ResyncRun> RunOnceAsync(HttpClient http, Uri pipeline, int number, CancellationToken cancellationToken)
    {
        var cpuBefore = services.SiloCpuTime();
        using var triggered = await http.PostAsync(new Uri($"{pipeline}/trigger", UriKind.Relative), null, cancellationToken);
        await EnsureSuccessAsync(triggered, "Triggering a run", cancellationToken);
        var run = await triggered.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
        if (run.GetProperty("number").GetInt32() != number)
        {
            throw new InvalidOperationException($"The trigger answered with run {run.GetProperty("number")}, not {number}.");
        }

        var jobId = run.GetProperty("jobId").GetGuid();
        JobView job;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            job = (await http.GetFromJsonAsync<JobView>($"/api/jobs/{jobId}", Json, cancellationToken))!;
        }
        while (!job.Status.IsFinished());

        var cpu = services.SiloCpuTime() - cpuBefore;
        if (job.Status != JobStatus.Completed)
        {
            throw new InvalidOperationException($"Run {number} ended {job.Status}: {job.Error}");
        }

        // The next trigger must find this run ended, or it answers with this one: the job tells its pipeline as it
        // ends, and the pipeline looks at its run at every tick as well.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var view = await http.GetFromJsonAsync<JsonElement>(pipeline, Json, cancellationToken);
            if (view.GetProperty("lastRun").TryGetProperty("endedAt", out var ended) && ended.ValueKind == JsonValueKind.String)
            {
                break;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The pipeline did not see run {number} end.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return new ResyncRun(job.Pages.Succeeded + job.Pages.Unchanged, job.Pages.Unchanged, job.CompletedAt!.Value - job.CreatedAt, job.Bytes, cpu);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what} failed with {(int)response.StatusCode}: {problem}");
        }
    }
}

/// <summary>One pipeline run of a <see cref="ResyncScenario"/>.</summary>
public sealed record ResyncRun(int Pages, int Unchanged, TimeSpan Elapsed, long BytesUploaded, TimeSpan SiloCpu)
{
    public double PagesPerSecond => Pages / Elapsed.TotalSeconds;
}

/// <summary>What a <see cref="ResyncScenario"/> measured: the loop (which uploads every page), and the two runs.</summary>
public sealed record ResyncResult(ResyncScenario Scenario, RunResult? Loop, ResyncRun First, ResyncRun Second, long LoopBytes);
