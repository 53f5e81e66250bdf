using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Ingestion.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>
/// How a job's event stream ends on the server: after the job's <c>end</c> event, when the client goes away, when the
/// server stops, or when reading the job fails. The framework's result writes each event and enumerates with the
/// request's abort token; ending the enumeration here rather than throwing through the result keeps a client that
/// leaves (the usual way a stream ends) out of the error log, and lets a failure close the stream, which a client
/// answers by reconnecting with Last-Event-ID. Each way is logged.
/// </summary>
public sealed partial class JobEventStreamLifetime(ILogger<JobEventStreamLifetime> logger)
{
    /// <summary>The job's <paramref name="events"/> until they end, the client goes away or the server is stopping.</summary>
    public async IAsyncEnumerable<SseItem<JobView?>> WhileOpenAsync(
        Guid jobId,
        IAsyncEnumerable<SseItem<JobView?>> events,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken clientGone)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(clientGone, stopping);
        await using var enumerator = events.GetAsyncEnumerator(closed.Token);
        while (await MoveNextAsync(enumerator, jobId, clientGone, closed.Token))
        {
            yield return enumerator.Current;
        }
    }

    /// <summary>The next event; false, logging why, once there is none to send.</summary>
    private async Task<bool> MoveNextAsync(
        IAsyncEnumerator<SseItem<JobView?>> events, Guid jobId, CancellationToken clientGone, CancellationToken closed)
    {
        try
        {
            if (await events.MoveNextAsync())
            {
                return true;
            }

            LogEnded(jobId);
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            LogClosed(jobId, clientGone.IsCancellationRequested ? "the client disconnected" : "the server is stopping");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The status line is long gone; the client sees the stream end and may reconnect with Last-Event-ID.
            LogFailed(jobId, exception);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The event stream of job {JobId} ended with the job.")]
    private partial void LogEnded(Guid jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The event stream of job {JobId} closed: {Reason}.")]
    private partial void LogClosed(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event stream of job {JobId} stopped on an error.")]
    private partial void LogFailed(Guid jobId, Exception exception);
}
