using System.Diagnostics;
using Ingestion.Fetching;
using Ingestion.Pages;

namespace Ingestion.Telemetry;

/// <summary>
/// One attempt at a page as telemetry, from its wait for the host's turn to its outcome (the span that the manifest's
/// <c>durationMs</c> measures). Its "page fetch" span is the current activity until <see cref="End"/>, so the HTTP
/// request and the blob upload nest under it. The span is a child of whatever the attempt runs in: the job's trace
/// when the page was handed out in the job's start, else a trace of its own (a later dispatch, a reminder), which then
/// links to the job's start instead of stretching the job's trace over the whole run.
/// </summary>
public sealed class PageAttemptTelemetry : IDisposable
{
    private readonly IngestionMetrics _metrics;
    private readonly Activity? _span;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _ended;

    internal PageAttemptTelemetry(IngestionMetrics metrics, PageFetchRequest request, int attempt)
    {
        _metrics = metrics;
        _span = StartSpan(request, attempt);
        metrics.AttemptStarted();
    }

    /// <summary>Records how the attempt ended and closes its span; <paramref name="final"/> when the page ends with it.</summary>
    public void End(FetchAttempt result, bool final)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        var duration = Stopwatch.GetElapsedTime(_started);
        var outcome = PageOutcomes.Of(result, final);
        var retryReason = outcome == PageOutcomes.Retry ? PageOutcomes.RetryReason(result) : null;
        _metrics.AttemptEnded(outcome, duration, retryReason, result.Stored?.Bytes, final);
        if (_span is null)
        {
            return;
        }

        _span.SetTag(IngestionTelemetry.OutcomeTag, outcome);
        _span.SetTag(IngestionTelemetry.HttpStatusTag, result.HttpStatus);
        _span.SetTag(IngestionTelemetry.RetryReasonTag, retryReason);
        if (result is { Succeeded: false, PastEnd: false, Unchanged: false })
        {
            _span.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        _span.Stop();
    }

    /// <summary>An attempt that never got to <see cref="End"/> was interrupted (cancelled, or its silo stopping).</summary>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _metrics.AttemptInterrupted();
        _span?.SetTag(IngestionTelemetry.OutcomeTag, PageOutcomes.Interrupted);
        _span?.Stop();
    }

    private static Activity? StartSpan(PageFetchRequest request, int attempt)
    {
        var source = IngestionTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        // Outside the job's trace (or with no trace at all): a link to the job's start keeps the page findable from it.
        ActivityLink[]? links = null;
        if (ActivityContext.TryParse(request.JobTraceParent, null, isRemote: true, out var job)
            && Activity.Current?.TraceId != job.TraceId)
        {
            links = [new ActivityLink(job)];
        }

        var span = source.StartActivity(IngestionTelemetry.PageFetchSpan, ActivityKind.Internal, parentContext: default, links: links);
        span?.SetTag(IngestionTelemetry.JobIdTag, request.JobId.ToString())
            .SetTag(IngestionTelemetry.PageNumberTag, request.Page)
            .SetTag(IngestionTelemetry.AttemptTag, attempt);
        return span;
    }
}
