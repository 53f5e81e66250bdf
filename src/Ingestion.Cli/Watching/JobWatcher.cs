using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Ingestion.Cli.Api;

namespace Ingestion.Cli.Watching;

/// <summary>
/// Follows a job until it ends, reporting every state it passes through. It reads the job's Server-Sent Events stream,
/// reconnects (resuming after the last event id) when the stream drops before its <c>end</c> event, and polls
/// <c>GET /api/jobs/{id}</c> instead when the API offers no stream. Its waits are on <c>time</c>, so tests can move it.
/// </summary>
public sealed class JobWatcher(IngestionApiClient api, TimeProvider time)
{
    public const string ProgressEvent = "progress";
    public const string EndEvent = "end";

    /// <summary>How often a job is polled when there is no event stream.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in a row that may fail (no connection, or a stream that ends at once) before giving up.</summary>
    public const int MaxConsecutiveFailures = 5;

    /// <summary>Waited before reconnecting when the server did not say how long (its <c>retry:</c> field).</summary>
    private static readonly TimeSpan DefaultReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The API sends an event when the job changes and a heartbeat event when it has not for a while (15 s); a
    /// connection without any event for this long is taken for dead (a peer that vanished without closing it) and
    /// replaced.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    public JobWatcher(IngestionApiClient api)
        : this(api, TimeProvider.System)
    {
    }

    /// <summary>Follows the job, calling <paramref name="onUpdate"/> with each state seen; returns its final state.</summary>
    public async Task<JobView> WatchAsync(Guid id, Action<JobView> onUpdate, CancellationToken cancellationToken)
    {
        string? lastEventId = null;
        var failures = 0;
        while (true)
        {
            var attempt = await FollowStreamAsync(id, lastEventId, onUpdate, cancellationToken);
            switch (attempt.Outcome)
            {
                case StreamOutcome.Ended:
                    return attempt.Final!;
                case StreamOutcome.Unavailable:
                    return await PollAsync(id, onUpdate, cancellationToken);
                case StreamOutcome.Unreachable when ++failures >= MaxConsecutiveFailures:
                    throw attempt.Failure!;
                case StreamOutcome.Dropped when attempt.ReceivedEvents:
                    failures = 0;
                    break;
                case StreamOutcome.Dropped when ++failures >= MaxConsecutiveFailures:
                    // A stream that keeps closing before it says anything is of no use; asking directly still works.
                    return await PollAsync(id, onUpdate, cancellationToken);
            }

            lastEventId = attempt.LastEventId ?? lastEventId;
            await Task.Delay(attempt.ReconnectDelay ?? DefaultReconnectDelay, time, cancellationToken);
        }
    }

    private async Task<StreamAttempt> FollowStreamAsync(
        Guid id,
        string? lastEventId,
        Action<JobView> onUpdate,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await api.OpenJobEventsAsync(id, lastEventId, cancellationToken);
        }
        catch (ApiProblemException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // The cluster is reconfiguring (a silo stopped): try again shortly, as after a blip.
            return new StreamAttempt(StreamOutcome.Unreachable) { Failure = exception };
        }
        catch (ApiProblemException exception) when (exception.StatusCode != HttpStatusCode.Unauthorized)
        {
            // No stream for this job here (an API without one, or an unknown job): polling tells which.
            return new StreamAttempt(StreamOutcome.Unavailable);
        }
        catch (ApiUnreachableException exception)
        {
            return new StreamAttempt(StreamOutcome.Unreachable) { Failure = exception };
        }

        using (response)
        {
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                return new StreamAttempt(StreamOutcome.Unavailable);
            }

            using var idle = new CancellationTokenSource(IdleTimeout, time);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            var receivedEvents = false;
            SseParser<string>? parser = null;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(reading.Token);
                parser = SseParser.Create(body);
                await foreach (var item in parser.EnumerateAsync(reading.Token))
                {
                    // Any event, a heartbeat above all, shows the connection is alive. A heartbeat has no id, so the
                    // parser's last event id, where a reconnect resumes, stays that of the last job event.
                    idle.CancelAfter(IdleTimeout);
                    if (item.EventType is not (ProgressEvent or EndEvent) || Parse(item.Data) is not { } view)
                    {
                        continue;
                    }

                    receivedEvents = true;
                    onUpdate(view);
                    if (item.EventType == EndEvent || view.IsFinished)
                    {
                        return new StreamAttempt(StreamOutcome.Ended) { Final = view };
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The connection broke, or went silent: reconnect below.
            }

            return new StreamAttempt(StreamOutcome.Dropped)
            {
                ReceivedEvents = receivedEvents,
                LastEventId = string.IsNullOrEmpty(parser?.LastEventId) ? null : parser.LastEventId,
                ReconnectDelay = parser?.ReconnectionInterval is { } interval && interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan ? interval : null,
            };
        }
    }

    private async Task<JobView> PollAsync(Guid id, Action<JobView> onUpdate, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var view = await api.GetJobAsync(id, cancellationToken);
                failures = 0;
                onUpdate(view);
                if (view.IsFinished)
                {
                    return view;
                }
            }
            catch (Exception exception) when (exception is ApiUnreachableException or ApiProblemException { StatusCode: HttpStatusCode.ServiceUnavailable }
                && ++failures < MaxConsecutiveFailures)
            {
                // A blip (the API restarting, a silo stopping): the next poll may well get through.
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private static JobView? Parse(string data)
    {
        try
        {
            return JsonSerializer.Deserialize<JobView>(data, ApiJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private enum StreamOutcome
    {
        /// <summary>The job ended and the stream said so.</summary>
        Ended,

        /// <summary>The API has no stream for this job; polling must do.</summary>
        Unavailable,

        /// <summary>No connection could be made.</summary>
        Unreachable,

        /// <summary>The stream closed or broke before the job ended.</summary>
        Dropped,
    }

    private sealed record StreamAttempt(StreamOutcome Outcome)
    {
        public JobView? Final { get; init; }

        public Exception? Failure { get; init; }

        public bool ReceivedEvents { get; init; }

        public string? LastEventId { get; init; }

        public TimeSpan? ReconnectDelay { get; init; }
    }
}
