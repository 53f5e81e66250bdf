using Ingestion.Pages;

namespace Ingestion.Grains.Pages;

/// <summary>
/// What a page that is waiting for a retry persists, so that the retry survives its silo: the request, the attempts
/// made so far and the last failure. Written only when an attempt fails; a healthy page never writes it.
/// </summary>
[GenerateSerializer, Alias("Ingestion.PageRetryState")]
public sealed class PageRetryState
{
    [Id(0)] public PageFetchRequest? Request { get; set; }

    /// <summary>Requests made to the upstream so far.</summary>
    [Id(1)] public int Attempts { get; set; }

    /// <summary>Attempts that failed on the upstream's side; these count against the page's budget.</summary>
    [Id(2)] public int UpstreamFailures { get; set; }

    [Id(3)] public PageRecord? LastFailure { get; set; }

    [Id(4)] public DateTimeOffset RetryAt { get; set; }
}
