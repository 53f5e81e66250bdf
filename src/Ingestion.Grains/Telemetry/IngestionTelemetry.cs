using System.Diagnostics;

namespace Ingestion.Telemetry;

/// <summary>
/// The names of the service's own telemetry: its activity source and meter, its spans and the tags they carry.
/// The hosts export them by these names (ServiceDefaults' <c>TelemetryNames</c> registers the same two).
/// </summary>
public static class IngestionTelemetry
{
    public const string ActivitySourceName = "Ingestion";
    public const string MeterName = "Ingestion";

    /// <summary>The job grain's <c>Start</c>: creating the job and handing out its first pages.</summary>
    public const string JobStartSpan = "job start";

    /// <summary>One attempt at a page: the HTTP request and the upload of its body.</summary>
    public const string PageFetchSpan = "page fetch";

    /// <summary>Streaming one page's body into its blob.</summary>
    public const string BlobUploadSpan = "blob upload";

    public const string JobIdTag = "job.id";
    public const string PageNumberTag = "page.number";
    public const string AttemptTag = "page.attempt";
    public const string HttpStatusTag = "http.response.status_code";

    /// <summary>How a page or an attempt ended: <c>succeeded</c>, <c>failed</c>, <c>past_end</c>, or <c>retry</c> for an attempt that is tried again.</summary>
    public const string OutcomeTag = "page.outcome";

    /// <summary>Why an attempt is tried again: <c>http_429</c>, <c>http_5xx</c>, <c>http_4xx</c>, <c>timeout</c>, <c>connection</c> or <c>storage</c>.</summary>
    public const string RetryReasonTag = "retry.reason";

    /// <summary>
    /// On a "page fetch" span recorded only for its outcome (a failure, a retry, an interruption) because the page's trace
    /// was sampled out: its HTTP request and blob upload were not recorded.
    /// </summary>
    public const string UnsampledTag = "page.unsampled";

    public const string HostTag = "server.address";
    public const string BlobNameTag = "blob.name";
    public const string BlobContainerTag = "blob.container";
    public const string BlobSizeTag = "blob.size";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
