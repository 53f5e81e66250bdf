using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ingestion.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>
/// What a job's event stream sends (<see cref="JobEvents"/>), read through <c>readJob</c> (null once the job is gone):
/// the job at once, then, reading it every <see cref="PollInterval"/>, the job again whenever it changed, or a heartbeat
/// after <see cref="HeartbeatInterval"/> without an event; once the job has ended, one last <c>end</c>. Events are
/// numbered from the first id given, one apart. The next read waits until the previous event has been written, so
/// events are at least <see cref="PollInterval"/> apart however slowly the client reads.
/// </summary>
public sealed class JobEventSource(
    Func<CancellationToken, Task<JobView?>> readJob, JsonSerializerOptions json, TimeProvider time, SensitiveHeaders? sensitiveHeaders = null)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public async IAsyncEnumerable<SseItem<JobView?>> ReadAllAsync(
        JobView first, long firstId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = firstId;
        var view = first;
        string? sent = null;
        var lastWrite = time.GetTimestamp();
        while (true)
        {
            // What the client sees is what GET /api/jobs/{id} answers: the same redaction, the same JSON.
            var shown = Redaction.Redact(view, sensitiveHeaders ?? SensitiveHeaders.Default);
            if (view.Status.IsFinished())
            {
                yield return JobEvents.End(shown, id);
                yield break;
            }

            // Compared as the client would see it: a job read again is a new object even when nothing changed.
            var data = JsonSerializer.Serialize(shown, json);
            if (data != sent)
            {
                yield return JobEvents.Progress(shown, id++);
                sent = data;
                lastWrite = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastWrite) >= HeartbeatInterval)
            {
                yield return JobEvents.Heartbeat;
                lastWrite = time.GetTimestamp();
            }

            await Task.Delay(PollInterval, time, cancellationToken);

            if (await readJob(cancellationToken) is not { } next)
            {
                yield break;
            }

            view = next;
        }
    }
}
