using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Api.Apis;
using Ingestion.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.ApiTests;

/// <summary>
/// The pace of a job's events, on a fake clock: the first at once, a change at most once a poll, a heartbeat when
/// nothing changes for a while, and the end.
/// </summary>
public sealed class JobEventSourceTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly FakeTimeProvider _time = new();
    private JobView _job = TestJobs.View(JobStatus.Running, succeeded: 0);

    [Fact]
    public async Task The_first_event_comes_at_once_and_a_change_after_one_poll()
    {
        await using var events = Source().ReadAllAsync(_job, 1, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var first = await NextAsync(events);
        _job = TestJobs.View(JobStatus.Running, succeeded: 3);
        var second = await NextAsync(events);

        Assert.Equal(("progress", "1", TimeSpan.Zero), (first.Item.EventType, first.Item.EventId, first.At));
        Assert.Equal(("progress", "2"), (second.Item.EventType, second.Item.EventId));
        Assert.InRange(second.At, JobEventSource.PollInterval, JobEventSource.PollInterval * 2);
        Assert.Equal(3, second.Item.Data?.Pages.Succeeded);
    }

    [Fact]
    public async Task While_nothing_changes_a_heartbeat_keeps_the_stream_alive()
    {
        await using var events = Source().ReadAllAsync(_job, 1, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await NextAsync(events);
        var heartbeat = await NextAsync(events);
        _job = TestJobs.View(JobStatus.Running, succeeded: 1);
        var change = await NextAsync(events);

        // A named event with neither job nor id: a client's last event id stays 1, and the next change is 2.
        Assert.Equal(("heartbeat", null, null), (heartbeat.Item.EventType, heartbeat.Item.EventId, heartbeat.Item.Data));
        Assert.InRange(heartbeat.At, JobEventSource.HeartbeatInterval, JobEventSource.HeartbeatInterval + TimeSpan.FromSeconds(5));
        Assert.Equal(("progress", "2"), (change.Item.EventType, change.Item.EventId));
    }

    [Fact]
    public async Task Once_the_job_has_ended_one_end_event_closes_the_stream()
    {
        await using var events = Source().ReadAllAsync(_job, 7, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await NextAsync(events);
        _job = TestJobs.View(JobStatus.Completed, succeeded: 10);
        var end = await NextAsync(events);

        Assert.Equal(("end", "8", JobStatus.Completed), (end.Item.EventType, end.Item.EventId, end.Item.Data?.Status));
        Assert.False(await events.MoveNextAsync());
    }

    private JobEventSource Source() => new(_ => Task.FromResult<JobView?>(_job), Json, _time);

    /// <summary>
    /// The next event, and the fake time it came at: the clock moves on in small steps until it comes, bounded. The
    /// stream's waits register on the clock from another thread, so a step may pass before one does: times are lower
    /// bounds, give or take a few steps.
    /// </summary>
    private async Task<(SseItem<JobView?> Item, TimeSpan At)> NextAsync(IAsyncEnumerator<SseItem<JobView?>> events)
    {
        var start = _time.GetUtcNow();
        var next = events.MoveNextAsync().AsTask();
        for (var step = 0; step < 1_000 && !next.IsCompleted; step++)
        {
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(5), TestContext.Current.CancellationToken));
            if (!next.IsCompleted)
            {
                _time.Advance(Step);
            }
        }

        Assert.True(await next, "The stream ended early.");
        return (events.Current, _time.GetUtcNow() - start);
    }
}
