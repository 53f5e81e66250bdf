using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Ingestion.Api.Apis;
using Ingestion.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.ApiTests;

/// <summary>
/// A job's events as the framework's server-sent events result writes them: the wire format the README documents and
/// clients (a browser's EventSource, <c>ingest watch</c>) read.
/// </summary>
public sealed class JobEventWireFormatTests
{
    private static readonly JobView Running = TestJobs.View(JobStatus.Running, succeeded: 4);
    private static readonly JobView Completed = TestJobs.View(JobStatus.Completed, succeeded: 10);

    [Fact]
    public async Task Progress_and_end_carry_the_job_and_an_id_and_a_heartbeat_neither()
    {
        var (written, json) = await WriteAsync(JobEvents.Progress(Running, 1), JobEvents.Heartbeat, JobEvents.End(Completed, 2));

        Assert.Equal(
            $"event: progress\ndata: {json(Running)}\nid: 1\n\n" +
            "event: heartbeat\ndata: \n\n" +
            $"event: end\ndata: {json(Completed)}\nid: 2\n\n",
            written);
    }

    [Fact]
    public async Task A_client_sees_the_heartbeat_as_a_named_event_that_leaves_its_last_event_id_as_it_was()
    {
        var (written, _) = await WriteAsync(JobEvents.Progress(Running, 41), JobEvents.Heartbeat);

        var parser = SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(written)));
        var received = new List<SseItem<string>>();
        await foreach (var item in parser.EnumerateAsync(TestContext.Current.CancellationToken))
        {
            received.Add(item);
        }

        Assert.Equal(["progress", "heartbeat"], received.Select(item => item.EventType));
        Assert.Equal("", received[1].Data);
        Assert.Null(received[1].EventId);
        Assert.Equal("41", parser.LastEventId);
    }

    /// <summary>What the framework writes for the events, and the JSON it writes a job as.</summary>
    private static async Task<(string Written, Func<JobView, string> Json)> WriteAsync(params SseItem<JobView?>[] events)
    {
        await using var services = new ServiceCollection().AddOptions().BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;

        await TypedResults.ServerSentEvents(events.ToAsyncEnumerable()).ExecuteAsync(context);

        Assert.Equal("text/event-stream", context.Response.ContentType);
        return (Encoding.UTF8.GetString(body.ToArray()), job => JsonSerializer.Serialize(job, options));
    }
}
