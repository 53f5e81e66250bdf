using Ingestion.Cli.Api;
using Ingestion.Cli.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// How <c>watch</c> reads a quiet event stream, on a fake clock: the API's <c>heartbeat</c> events show the connection
/// is alive, and a connection without any event for the idle timeout is replaced, resuming after the last job event;
/// a 503 while the cluster reconfigures is waited out like a dropped connection.
/// </summary>
public sealed class JobWatcherHeartbeatTests
{
    private const string Heartbeat = "event: heartbeat\ndata: \n\n";

    private readonly Guid _id = Guid.NewGuid();
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Heartbeats_keep_a_stream_open_past_the_idle_timeout_and_show_no_update()
    {
        using var body = new FedStream();
        var api = new ScriptedApi().EventStream(body);
        var updates = new List<JobStatus>();
        var watching = Watcher(api).WatchAsync(_id, view => updates.Add(view.Status), Cancellation);

        Assert.True(await body.SendAsync(JobEvent("progress", 7, "Running")));
        var quietSpell = JobWatcher.IdleTimeout * 0.75;
        for (var heartbeat = 0; heartbeat < 3; heartbeat++)
        {
            _time.Advance(quietSpell);
            Assert.True(await body.SendAsync(Heartbeat), $"The watch gave up on the stream after {heartbeat} heartbeats.");
        }

        _time.Advance(quietSpell);
        Assert.True(await body.SendAsync(JobEvent("end", 8, "Completed")), "The watch gave up on the stream after the heartbeats.");
        var final = await watching;

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Single(api.Requests);
        Assert.Equal([JobStatus.Running, JobStatus.Completed], updates);
    }

    [Fact]
    public async Task A_stream_silent_for_the_idle_timeout_is_replaced_resuming_after_the_last_job_event()
    {
        using var quiet = new FedStream();
        var api = new ScriptedApi().EventStream(quiet).EventStream(JobEvent("end", 8, "Completed"));
        var watching = Watcher(api).WatchAsync(_id, _ => { }, Cancellation);
        Assert.True(await quiet.SendAsync(JobEvent("progress", 7, "Running")));
        Assert.True(await quiet.SendAsync(Heartbeat));

        _time.Advance(JobWatcher.IdleTimeout);
        var final = await AdvanceUntilDoneAsync(watching);

        Assert.Equal(JobStatus.Completed, final.Status);
        var requests = api.Requests.ToArray();
        Assert.Equal([$"GET /api/jobs/{_id}/events", $"GET /api/jobs/{_id}/events"], requests.Select(r => r.Request));
        Assert.Null(requests[0].LastEventId);
        Assert.Equal("7", requests[1].LastEventId);
    }

    [Fact]
    public async Task A_503_while_the_cluster_reconfigures_is_waited_out_not_reported()
    {
        var api = new ScriptedApi { UnavailableFor = 2 }.EventStream(JobEvent("end", 8, "Completed"));
        var watching = Watcher(api).WatchAsync(_id, _ => { }, Cancellation);

        var final = await AdvanceUntilDoneAsync(watching);

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task A_503_while_polling_is_waited_out_not_reported()
    {
        // No event stream (404): the watch polls, and the cluster is briefly unavailable.
        var api = new ScriptedApi().JobUnavailable().JobUnavailable().Job(ScriptedApi.JobJson(_id, "Completed", 3, 3, 0));
        var watching = Watcher(api).WatchAsync(_id, _ => { }, Cancellation);

        var final = await AdvanceUntilDoneAsync(watching);

        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal(4, api.Requests.Count);
    }

    private JobWatcher Watcher(ScriptedApi api) =>
        new(new IngestionApiClient(new HttpClient(api) { BaseAddress = new Uri(ScriptedApi.BaseUrl) }), _time);

    private string JobEvent(string type, int id, string status) =>
        $"event: {type}\ndata: {ScriptedApi.JobJson(_id, status, 3, 1, 0)}\nid: {id}\n\n";

    /// <summary>
    /// Moves the clock on in small steps, bounded, until the watch ends: its waits (the reconnect delay) register on
    /// the clock from another thread, so the test cannot tell when one has.
    /// </summary>
    private async Task<JobView> AdvanceUntilDoneAsync(Task<JobView> watching)
    {
        for (var step = 0; step < 1_000 && !watching.IsCompleted; step++)
        {
            await Task.WhenAny(watching, Task.Delay(TimeSpan.FromMilliseconds(5), Cancellation));
            if (!watching.IsCompleted)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        Assert.True(watching.IsCompleted, "The watch did not end.");
        return await watching;
    }
}
