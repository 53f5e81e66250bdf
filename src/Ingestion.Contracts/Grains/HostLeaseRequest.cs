namespace Ingestion.Grains;

/// <summary>What a silo tells a host's gate when it renews its lease.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.HostLeaseRequest")]
public sealed record HostLeaseRequest
{
    /// <summary>The silo asking; each silo holds one lease per host.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>The most requests for the host the silo had in flight and waiting at once since its last renewal.</summary>
    [Id(1)] public int Demand { get; init; }

    /// <summary>The silo's requests to the host in flight now.</summary>
    [Id(2)] public int InFlight { get; init; }

    /// <summary>The concurrency the silo enforces now: its last lease's (it may still be over it after a cut).</summary>
    [Id(3)] public int Applied { get; init; }

    /// <summary>Requests the silo sent to the host in the last second.</summary>
    [Id(4)] public int SentLastSecond { get; init; }

    /// <summary>Responses in the last second that were not throttling (anything but 429 and 503).</summary>
    [Id(5)] public int AnsweredLastSecond { get; init; }

    /// <summary>Responses in the last second that were throttling (429 or 503).</summary>
    [Id(9)] public int ThrottledLastSecond { get; init; }

    /// <summary>Of the silo's last answers from the host (up to 20), how many there were...</summary>
    [Id(10)] public int RecentAnswers { get; init; }

    /// <summary>...and how many of them were throttling.</summary>
    [Id(11)] public int RecentRefusals { get; init; }

    /// <summary>When the latest request that the host throttled (429 or 503) was sent, if any was since the last renewal.</summary>
    [Id(6)] public DateTimeOffset? ThrottledRequestSentAt { get; init; }

    /// <summary>The host asked, by Retry-After, for no requests before this.</summary>
    [Id(7)] public DateTimeOffset? PauseUntil { get; init; }

    /// <summary>The Crawl-delay that the host's robots.txt asks of the service, when the silo has read one.</summary>
    [Id(8)] public TimeSpan? CrawlDelay { get; init; }
}
