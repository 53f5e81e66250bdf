using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>Job specs against a test upstream, each writing under a prefix of its own.</summary>
internal static class Specs
{
    public static JobSpec Range(UpstreamServer upstream, int pages, int concurrency = 16, RetrySpec? retry = null, double timeoutSeconds = 30) => new()
    {
        Source = SourceSpec.Range(upstream.BaseUrl + "/pages/{page}", 1, pages),
        Concurrency = concurrency,
        RequestTimeoutSeconds = timeoutSeconds,
        Retry = retry ?? FastRetry,
        Destination = NewDestination(),
    };

    public static JobSpec List(IEnumerable<string> urls, RetrySpec? retry = null) => new()
    {
        Source = SourceSpec.List(urls),
        Retry = retry ?? FastRetry,
        Destination = NewDestination(),
    };

    /// <summary>Short waits so retry tests take fractions of a second.</summary>
    public static readonly RetrySpec FastRetry = new() { MaxAttempts = 4, BaseDelaySeconds = 0.05, MaxDelaySeconds = 2 };

    public static DestinationSpec NewDestination() => new("ingest", $"tests/{Guid.NewGuid():N}");
}
