using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Ingestion.ApiTests;

/// <summary>
/// GET /api/jobs/{id}/events over real HTTP: progress about once a second while the job runs, one end event when it
/// has ended, then the server closes the stream.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JobEventStreamTests(ApiEnvironment environment)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_running_job_streams_progress_then_one_end_event_and_the_stream_closes()
    {
        const int pages = 300;
        const int firstPage = 10_001;
        for (var page = firstPage; page < firstPage + pages; page++)
        {
            environment.Upstream.DelayFor(page, TimeSpan.FromMilliseconds(50));
        }

        using var client = environment.CreateClient();
        var id = await SubmitAsync(client, RangeSpec(firstPage, firstPage + pages - 1, concurrency: 4));

        using var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await EventStreamReader.ReadToEndAsync(response, StreamTimeout, Cancellation);

        // Progress while running, then exactly one end, which is the last event: the server closed the stream after it.
        var progress = events.SkipLast(1).ToList();
        var end = events[^1];
        Assert.Equal("end", end.Type);
        Assert.All(progress, item => Assert.Equal("progress", item.Type));
        Assert.True(progress.Count >= 2, $"Only {progress.Count} progress events for a job of several seconds.");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), events.Select(item => item.Id));

        // About one a second at most: n events take at least n - 1 seconds (with a generous margin for the first).
        Assert.True(events.Count <= end.ReceivedAfter.TotalSeconds + 2, $"{events.Count} events in {end.ReceivedAfter}.");

        var ended = progress.Select(item => Job(item.Data)).Select(job => Count(job, "succeeded") + Count(job, "failed")).ToList();
        Assert.Equal(ended.Order(), ended);
        Assert.All(progress, item => Assert.Equal("Running", Job(item.Data).GetProperty("status").GetString()));
        var final = Job(end.Data);
        Assert.Equal("Completed", final.GetProperty("status").GetString());
        Assert.Equal(pages, Count(final, "succeeded"));

        // The same JSON as GET /api/jobs/{id}: same serializer, same redaction.
        Assert.Equal(await client.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative), Cancellation), end.Data);
    }

    [Fact]
    public async Task An_ended_job_streams_one_end_event_at_once_numbered_after_the_last_event_seen()
    {
        using var client = environment.CreateClient();
        var id = await SubmitAsync(client, RangeSpec(11_001, 11_002, concurrency: 2));
        using (var first = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation))
        {
            await EventStreamReader.ReadToEndAsync(first, StreamTimeout, Cancellation);
        }

        using var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation, lastEventId: "41");
        var events = await EventStreamReader.ReadToEndAsync(response, StreamTimeout, Cancellation);

        var end = Assert.Single(events);
        Assert.Equal("end", end.Type);
        Assert.Equal("42", end.Id);
        Assert.Equal("Completed", Job(end.Data).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_stream_goes_out_uncached_and_unbuffered_each_event_as_type_data_and_id_lines()
    {
        using var client = environment.CreateClient();
        var id = await SubmitAsync(client, RangeSpec(11_101, 11_102, concurrency: 2));
        var job = new Uri($"/api/jobs/{id}", UriKind.Relative);
        await ApiJobs.WaitForEndAsync(client, job, StreamTimeout);
        var ended = await client.GetStringAsync(job, Cancellation);

        using var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation, lastEventId: "6");
        var written = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Equal($"event: end\ndata: {ended}\nid: 7\n\n", written);
    }

    [Theory]
    [InlineData("3f2c1d5e-0000-4000-8000-000000000000")]
    [InlineData("not-a-job-id")]
    public async Task An_unknown_job_is_a_404_problem_before_any_stream(string id)
    {
        using var client = environment.CreateClient();

        using var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Job not found.", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Without_the_api_key_the_stream_is_a_401_problem()
    {
        using var client = environment.CreateAnonymousClient();

        using var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{Guid.CreateVersion7()}/events", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_that_disconnects_ends_the_stream_on_the_server_quietly()
    {
        // Pages that never answer keep the job running for as long as the test needs.
        const int firstPage = 12_001;
        environment.Upstream.Hang(firstPage).Hang(firstPage + 1);
        using var client = environment.CreateClient();
        var id = await SubmitAsync(client, RangeSpec(firstPage, firstPage + 1, concurrency: 2));
        var logsBefore = environment.Logs.Entries.Count;
        try
        {
            using (var response = await EventStreamReader.OpenAsync(client, $"/api/jobs/{id}/events", Cancellation))
            {
                await using var stream = await response.Content.ReadAsStreamAsync(Cancellation);
                await using var events = System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(Cancellation).GetAsyncEnumerator(Cancellation);
                Assert.True(await events.MoveNextAsync());
                Assert.Equal("progress", events.Current.EventType);
            }

            // Disposing the response closed the connection; the server's loop notices and ends.
            var closed = await WaitForLogAsync(entry =>
                entry.Category.EndsWith(".JobEventStreamLifetime", StringComparison.Ordinal)
                && entry.Message.Contains(id.ToString(), StringComparison.Ordinal)
                && entry.Message.Contains("the client disconnected", StringComparison.Ordinal));
            Assert.Equal(LogLevel.Debug, closed.Level);
            Assert.DoesNotContain(environment.Logs.Entries.Skip(logsBefore), entry => entry.Level >= LogLevel.Warning || entry.Exception is not null);
        }
        finally
        {
            using var cancelled = await client.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null, Cancellation);
        }
    }

    private static string RangeSpec(int from, int to, int concurrency) =>
        $$"""
        {
          "source": { "urlTemplate": "{{"{base}"}}/pages/{page}", "pages": { "from": {{from}}, "to": {{to}} } },
          "concurrency": {{concurrency}},
          "retry": { "maxAttempts": 1 },
          "destination": { "prefix": "api-tests/events/{{Guid.CreateVersion7()}}" }
        }
        """;

    private async Task<Guid> SubmitAsync(HttpClient client, string spec)
    {
        using var content = new StringContent(spec.Replace("{base}", environment.Upstream.BaseUrl, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return Job(body).GetProperty("id").GetGuid();
    }

    /// <summary>Polls the API's log, bounded, until an entry matches.</summary>
    private async Task<LogEntry> WaitForLogAsync(Func<LogEntry, bool> matches)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (environment.Logs.Entries.FirstOrDefault(matches) is { } entry)
            {
                return entry;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
        }

        throw new TimeoutException("The API did not log the end of the event stream within 30 seconds.");
    }

    private static JsonElement Job(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static int Count(JsonElement job, string name) => job.GetProperty("pages").GetProperty(name).GetInt32();
}
