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
    private JobView _job = View(JobStatus.Running, succeeded: 0);

    [Fact]
    public async Task The_first_event_comes_at_once_and_a_change_after_one_poll()
    {
        await using var events = Source().ReadAllAsync(_job, 1, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var first = await NextAsync(events);
        _job = View(JobStatus.Running, succeeded: 3);
        var second = await NextAsync(events);

        Assert.Equal((JobEventKind.Progress, 1, TimeSpan.Zero), (first.Item.Kind, first.Item.Id, first.At));
        Assert.Equal((JobEventKind.Progress, 2), (second.Item.Kind, second.Item.Id));
        Assert.InRange(second.At, JobEventSource.PollInterval, JobEventSource.PollInterval * 2);
        using var job = JsonDocument.Parse(second.Item.Data);
        Assert.Equal(3, job.RootElement.GetProperty("pages").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task While_nothing_changes_a_heartbeat_keeps_the_stream_alive()
    {
        await using var events = Source().ReadAllAsync(_job, 1, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await NextAsync(events);
        var heartbeat = await NextAsync(events);
        _job = View(JobStatus.Running, succeeded: 1);
        var change = await NextAsync(events);

        Assert.Equal(JobEventKind.Heartbeat, heartbeat.Item.Kind);
        Assert.InRange(heartbeat.At, JobEventSource.HeartbeatInterval, JobEventSource.HeartbeatInterval + TimeSpan.FromSeconds(5));
        Assert.Equal((JobEventKind.Progress, 2), (change.Item.Kind, change.Item.Id));
    }

    [Fact]
    public async Task Once_the_job_has_ended_one_end_event_closes_the_stream()
    {
        await using var events = Source().ReadAllAsync(_job, 7, TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        await NextAsync(events);
        _job = View(JobStatus.Completed, succeeded: 10);
        var end = await NextAsync(events);

        Assert.Equal((JobEventKind.End, 8), (end.Item.Kind, end.Item.Id));
        using var job = JsonDocument.Parse(end.Item.Data);
        Assert.Equal("Completed", job.RootElement.GetProperty("status").GetString());
        Assert.False(await events.MoveNextAsync());
    }

    private JobEventSource Source() => new(_ => Task.FromResult<JobView?>(_job), Json, _time);

    /// <summary>
    /// The next event, and the fake time it came at: the clock moves on in small steps until it comes, bounded. The
    /// stream's waits register on the clock from another thread, so a step may pass before one does: times are lower
    /// bounds, give or take a few steps.
    /// </summary>
    private async Task<(JobEvent Item, TimeSpan At)> NextAsync(IAsyncEnumerator<JobEvent> events)
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

    private static JobView View(JobStatus status, int succeeded)
    {
        var destination = new DestinationSpec("ingest", "tests");
        return new JobView
        {
            Id = Guid.Parse("01900000-0000-7000-8000-000000000001"),
            Status = status,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Destination = destination,
            ManifestBlob = destination.ManifestBlobName,
            Pages = new PageCounts(10, succeeded, 0, 0, 0, 10 - succeeded),
            Spec = new JobSpec { Source = SourceSpec.Range("https://api.example.com/items?page={page}", 1, 10), Destination = destination },
        };
    }
}
