using System.Collections.Immutable;
using Ingestion.Jobs;

namespace Ingestion.Pages;

/// <summary>Everything a page-fetch grain needs to fetch one page and store it.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageFetchRequest")]
public sealed record PageFetchRequest
{
    [Id(0)] public required Guid JobId { get; init; }

    [Id(1)] public required int Page { get; init; }

    [Id(2)] public required string Url { get; init; }

    [Id(3)] public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    [Id(4)] public required TimeSpan RequestTimeout { get; init; }

    [Id(5)] public required RetrySpec Retry { get; init; }

    [Id(6)] public required string Container { get; init; }

    /// <summary>The blob name without its extension, which follows from the response's Content-Type.</summary>
    [Id(7)] public required string BlobNameStem { get; init; }

    /// <summary>
    /// Set when the job is recovering: the page may have failed before and saved its attempts, which the fetch grain
    /// then reads and continues from. A first dispatch does not pay for that read.
    /// </summary>
    [Id(8)] public bool Resume { get; init; }

    /// <summary>What to read from the response for the job (the next page, the total, the end); null reads nothing.</summary>
    [Id(9)] public PageInspection? Inspect { get; init; }

    /// <summary>For a followed source: the page whose response named this one, recorded with the blob.</summary>
    [Id(10)] public int? ReachedFrom { get; init; }

    /// <summary>The job's <see cref="PolitenessSpec.RespectRobotsTxt"/>: the page is not fetched if the host's robots.txt disallows it.</summary>
    [Id(11)] public bool RespectRobotsTxt { get; init; }

    /// <summary>
    /// The trace context (a W3C traceparent) of the job's start, when it was traced: a page that runs outside that trace
    /// (dispatched later, or retried from its reminder) links its spans to it.
    /// </summary>
    [Id(12)] public string? JobTraceParent { get; init; }

    /// <summary>
    /// The earliest time the first attempt may go out, when the job paces its requests to the page's host
    /// (<see cref="PolitenessSpec.MaxRequestsPerSecond"/>); null: at once.
    /// </summary>
    [Id(13)] public DateTimeOffset? NotBefore { get; init; }

    /// <summary>
    /// The job fetched this page in an earlier run (this is a retry of its failed pages): it may have been stored then,
    /// under a name its new response does not give, which must go.
    /// </summary>
    [Id(14)] public bool FetchedBefore { get; init; }

    /// <summary>
    /// The previous run's record of this same URL, when it has validators: the request is made conditional with them,
    /// and a 304 ends the page <see cref="PageStatus.Unchanged"/>, pointing at the blob this record names.
    /// </summary>
    [Id(15)] public PageRecord? Previous { get; init; }

    /// <summary>A response header whose value is kept with the page (its blob's metadata), for a pipeline's watermark; null keeps none.</summary>
    [Id(16)] public string? WatermarkHeader { get; init; }

    /// <summary>
    /// The job writes records: a page stored in one request hands its body to the job's records grain, which then need
    /// not read it back from storage.
    /// </summary>
    [Id(17)] public bool OfferBody { get; init; }
}
