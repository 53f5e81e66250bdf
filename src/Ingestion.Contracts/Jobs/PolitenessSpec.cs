namespace Ingestion.Jobs;

/// <summary>
/// A job's own limits towards the hosts it fetches from. They only ever make the service's per-host limits stricter.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PolitenessSpec")]
public sealed record PolitenessSpec
{
    /// <summary>The highest <see cref="MaxRequestsPerSecond"/> a spec may give.</summary>
    public const double MaxMaxRequestsPerSecond = 100_000;

    /// <summary>The most requests per second the job sends to any one host; null leaves it to the service's limit.</summary>
    [Id(0)] public double? MaxRequestsPerSecond { get; init; }

    /// <summary>Whether the job skips pages that a host's robots.txt disallows for the service's User-Agent.</summary>
    [Id(1)] public bool RespectRobotsTxt { get; init; }
}
