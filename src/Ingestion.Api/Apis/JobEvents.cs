using System.Globalization;
using System.Net.ServerSentEvents;
using Ingestion.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>
/// The events of a job's stream, for the framework's server-sent events result to write. <c>progress</c> and
/// <c>end</c> carry the job as data (the framework writes it with the JSON options of every endpoint) and a sequence
/// number as their id. <c>heartbeat</c> carries neither: an event without an <c>id:</c> line leaves a client's last
/// event id where it was, so a reconnect after a heartbeat still numbers on from the last job event.
/// </summary>
public static class JobEvents
{
    /// <summary>The job is running and changed since the last event.</summary>
    public const string ProgressType = "progress";

    /// <summary>The job has ended; the last event of the stream.</summary>
    public const string EndType = "end";

    /// <summary>Nothing changed for a while; sent so that proxies and clients see the connection is alive.</summary>
    public const string HeartbeatType = "heartbeat";

    public static SseItem<JobView?> Heartbeat { get; } = new(null, HeartbeatType);

    public static SseItem<JobView?> Progress(JobView job, long id) => Numbered(job, ProgressType, id);

    public static SseItem<JobView?> End(JobView job, long id) => Numbered(job, EndType, id);

    private static SseItem<JobView?> Numbered(JobView job, string type, long id) =>
        new(job, type) { EventId = id.ToString(CultureInfo.InvariantCulture) };
}
