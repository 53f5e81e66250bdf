using Ingestion.Fetching;

namespace Ingestion.Telemetry;

/// <summary>The values of the <see cref="IngestionTelemetry.OutcomeTag"/> and <see cref="IngestionTelemetry.RetryReasonTag"/> tags.</summary>
internal static class PageOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string PastEnd = "past_end";
    public const string Unchanged = "unchanged";
    public const string Retry = "retry";

    /// <summary>An attempt that ended without an outcome: cancelled, or its silo stopping.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>How an attempt ended; <paramref name="final"/> when the page ends with it.</summary>
    public static string Of(FetchAttempt result, bool final) => result switch
    {
        { Succeeded: true } => Succeeded,
        { PastEnd: true } => PastEnd,
        { Unchanged: true } => Unchanged,
        _ => final ? Failed : Retry,
    };

    /// <summary>
    /// Why a failed attempt is tried again: storage, the HTTP status, the attempt's timeout, or else the connection
    /// (refused, reset, broken while the body streamed, or the host's robots.txt out of reach).
    /// </summary>
    public static string RetryReason(FetchAttempt result) => result switch
    {
        { StorageFailure: true } => "storage",
        { HttpStatus: 429 } => "http_429",
        { HttpStatus: 408 } => "timeout",
        { HttpStatus: >= 500 } => "http_5xx",
        { HttpStatus: not null } => "http_4xx",
        { Error: { } error } when error.StartsWith(PageFetcher.TimedOutError, StringComparison.Ordinal) => "timeout",
        _ => "connection",
    };
}
