using System.Diagnostics;

namespace Ingestion.Telemetry;

/// <summary>
/// The job grain's spans. Its start is one span, and the pages handed out within it are its children. Pages handed out
/// later, as others end, would otherwise each hang under the page that freed their slot, a chain as long as the job:
/// they are dispatched outside the caller's trace and link to the job's start instead (see <see cref="PageAttemptTelemetry"/>).
/// </summary>
internal static class JobTracing
{
    /// <summary>Starts the "job start" span, a child of the caller's (the API request's) trace; null when nobody listens.</summary>
    public static Activity? StartJob(Guid jobId) =>
        IngestionTelemetry.Source.StartActivity(IngestionTelemetry.JobStartSpan)?.SetTag(IngestionTelemetry.JobIdTag, jobId.ToString());

    /// <summary>
    /// Makes a grain call to a page: within the job's start span (whose W3C id is <paramref name="jobTraceParent"/>) as
    /// its child; anywhere else with no current activity, so the call starts a trace of its own.
    /// </summary>
    public static Task Dispatch(string? jobTraceParent, Func<Task> call)
    {
        var current = Activity.Current;
        if (current is null || (jobTraceParent is not null && current.Id == jobTraceParent))
        {
            return call();
        }

        // The grain call takes its trace context from the current activity when it is made, not when it is awaited.
        Activity.Current = null;
        try
        {
            return call();
        }
        finally
        {
            Activity.Current = current;
        }
    }
}
