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
/// <remarks>
/// Most pages' traces are sampled out (the services' <c>PageTraceSampler</c>): their span is not created, or not
/// recorded, and what nests under it is left out with it. An attempt that fails, is tried again or is interrupted is recorded all the same,
/// once it has ended: a span of its own with the attempt's start, outcome and error, linked to the job's start, and
/// tagged <see cref="IngestionTelemetry.UnsampledTag"/> because its request and upload were not recorded.
/// </remarks>
public sealed class PageAttemptTelemetry : IDisposable
{
    private readonly IngestionMetrics _metrics;
    private readonly PageFetchRequest _request;
    private readonly int _attempt;
    private readonly bool _traced = IngestionTelemetry.Source.HasListeners();
    private readonly Activity? _span;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _ended;

    internal PageAttemptTelemetry(IngestionMetrics metrics, PageFetchRequest request, int attempt)
    {
        _metrics = metrics;
        _request = request;
        _attempt = attempt;
        _span = StartSpan(request, attempt, startedAt: default);
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
        var failed = result is { Succeeded: false, PastEnd: false, Unchanged: false };
        Finish(mustBeSeen: failed, (outcome, retryReason, result, failed), static (span, ended) =>
        {
            span.SetTag(IngestionTelemetry.OutcomeTag, ended.outcome);
            span.SetTag(IngestionTelemetry.HttpStatusTag, ended.result.HttpStatus);
            span.SetTag(IngestionTelemetry.RetryReasonTag, ended.retryReason);
            if (ended.failed)
            {
                span.SetStatus(ActivityStatusCode.Error, ended.result.Error);
            }
        });
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
        Finish(mustBeSeen: true, PageOutcomes.Interrupted, static (span, outcome) => span.SetTag(IngestionTelemetry.OutcomeTag, outcome));
    }

    /// <summary>
    /// Gives the outcome to the attempt's span and ends it; when the page's trace was sampled out and the outcome must be
    /// seen, a recorded span of its own stands for the attempt instead (a root: under the unrecorded trace it would be
    /// sampled out with it).
    /// </summary>
    private void Finish<TOutcome>(bool mustBeSeen, TOutcome outcome, Action<Activity, TOutcome> describe)
    {
        if (!_traced)
        {
            return;
        }

        if (_span is { Recorded: true } || !mustBeSeen)
        {
            if (_span is { Recorded: true })
            {
                describe(_span, outcome);
            }

            _span?.Stop();
            return;
        }

        _span?.Stop();
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            using var span = StartSpan(_request, _attempt, _startedAt);
            if (span is not null)
            {
                span.SetTag(IngestionTelemetry.UnsampledTag, true);
                describe(span, outcome);
            }
        }
        finally
        {
            Activity.Current = current;
        }
    }

    /// <summary>A "page fetch" span under the current activity, if anybody listens; the job's link is worked out only then.</summary>
    private static Activity? StartSpan(PageFetchRequest request, int attempt, DateTimeOffset startedAt)
    {
        var source = IngestionTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        var span = source.StartActivity(
            IngestionTelemetry.PageFetchSpan, ActivityKind.Internal, parentContext: default, links: LinksToJob(request), startTime: startedAt);
        span?.SetTag(IngestionTelemetry.JobIdTag, request.JobId.ToString())
            .SetTag(IngestionTelemetry.PageNumberTag, request.Page)
            .SetTag(IngestionTelemetry.AttemptTag, attempt);
        return span;
    }

    /// <summary>Outside the job's trace (or with no trace at all): a link to the job's start keeps the page findable from it.</summary>
    private static ActivityLink[]? LinksToJob(PageFetchRequest request) =>
        ActivityContext.TryParse(request.JobTraceParent, null, isRemote: true, out var job) && Activity.Current?.TraceId != job.TraceId
            ? [new ActivityLink(job)]
            : null;
}
