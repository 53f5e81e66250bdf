using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ingestion.ApiTests;

/// <summary>The pipeline API's calls as the tests make them, each asserting what every answer must hold.</summary>
internal sealed class PipelineCalls(HttpClient client)
{
    /// <summary>
    /// Settings of silos and API for pipelines in tests: the schedule's reminder may tick every second (as Orleans' own
    /// tests lower the minimum reminder period), and a run's end is looked for every second.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastSettings = new Dictionary<string, string?>
    {
        ["Ingestion:Pipelines:MinInterval"] = "00:00:01",
        ["Ingestion:Pipelines:RunPollPeriod"] = "00:00:01",
        ["Ingestion:Pipelines:OnTimeTolerance"] = "00:00:05",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async Task<Guid> CreateAsync(string spec)
    {
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/pipelines", UriKind.Relative), content, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        Assert.Equal($"/api/pipelines/{id}", response.Headers.Location?.ToString());
        return id;
    }

    public async Task<(HttpStatusCode Status, JsonElement Run)> TriggerAsync(Guid id)
    {
        using var response = await client.PostAsync(new Uri($"/api/pipelines/{id}/trigger", UriKind.Relative), null, Cancellation);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal($"/api/jobs/{run.GetProperty("jobId").GetGuid()}", response.Headers.Location?.ToString());
        return (response.StatusCode, run);
    }

    /// <summary>The pipeline once it has seen run <paramref name="number"/> end, which must have completed; bounded.</summary>
    public async Task<JsonElement> WaitForRunEndAsync(Guid id, int number, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var pipeline = await GetJsonAsync($"/api/pipelines/{id}");
            if (pipeline.GetProperty("lastRun") is { ValueKind: JsonValueKind.Object } run
                && run.GetProperty("number").GetInt32() == number
                && run.TryGetProperty("endedAt", out var ended) && ended.ValueKind == JsonValueKind.String)
            {
                Assert.Equal("Completed", run.GetProperty("status").GetString());
                return pipeline;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }

    public async Task<List<JsonElement>> WaitForRunsAsync(Guid id, int count, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var listing = await GetJsonAsync($"/api/pipelines/{id}/runs");
            var runs = listing.GetProperty("items").EnumerateArray().ToList();
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
