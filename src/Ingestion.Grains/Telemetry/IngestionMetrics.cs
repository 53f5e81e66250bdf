using System.Diagnostics.Metrics;
using Ingestion.Pages;

namespace Ingestion.Telemetry;

/// <summary>
/// The silo's ingestion metrics, on the <see cref="IngestionTelemetry.MeterName"/> meter: pages by outcome, bytes stored,
/// how long attempts take, retries by reason, attempts in flight and host throttling. One per silo (a singleton), its
/// meter from the host's <see cref="IMeterFactory"/>.
/// </summary>
public sealed class IngestionMetrics
{
    // Seconds, from a fast API to a page that uses up a long timeout.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Counter<long> _pages;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _throttled;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _pages = meter.CreateCounter<long>(
            "ingestion.pages.ended", "{page}", "Pages that ended, by page.outcome: succeeded, failed (for good) or past_end.");
        _bytes = meter.CreateCounter<long>("ingestion.bytes.stored", "By", "Bytes of page bodies written to blobs.");
        _duration = meter.CreateHistogram(
            "ingestion.fetch.duration",
            "s",
            "How long one attempt at a page took, from its wait for the host's turn to its upload, by page.outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _retries = meter.CreateCounter<long>(
            "ingestion.retries", "{retry}", "Attempts that failed and are tried again, by retry.reason.");
        _inFlight = meter.CreateUpDownCounter<long>(
            "ingestion.attempts.in_flight",
            "{attempt}",
            "Attempts at pages under way: waiting for the host's turn, requesting or uploading.");
        _throttled = meter.CreateCounter<long>(
            "ingestion.host.throttled", "{event}", "Times a host asked the service to slow down (429 or 503), by server.address.");
    }

    /// <summary>
    /// Starts the telemetry of one attempt at a page: its span, current until <see cref="PageAttemptTelemetry.End"/>, and
    /// its place among the attempts in flight.
    /// </summary>
    public PageAttemptTelemetry StartAttempt(PageFetchRequest request, int attempt) => new(this, request, attempt);

    /// <summary>A host answered 429 or 503: the politeness limits slow down for it.</summary>
    public void HostThrottled(string host) => _throttled.Add(1, new KeyValuePair<string, object?>(IngestionTelemetry.HostTag, host));

    internal void AttemptStarted() => _inFlight.Add(1);

    internal void AttemptInterrupted() => _inFlight.Add(-1);

    internal void AttemptEnded(string outcome, TimeSpan duration, string? retryReason, long? storedBytes, bool final)
    {
        var outcomeTag = new KeyValuePair<string, object?>(IngestionTelemetry.OutcomeTag, outcome);
        _inFlight.Add(-1);
        _duration.Record(duration.TotalSeconds, outcomeTag);
        if (storedBytes is { } bytes)
        {
            _bytes.Add(bytes);
        }

        if (final)
        {
            _pages.Add(1, outcomeTag);
        }
        else if (retryReason is not null)
        {
            _retries.Add(1, new KeyValuePair<string, object?>(IngestionTelemetry.RetryReasonTag, retryReason));
        }
    }
}
