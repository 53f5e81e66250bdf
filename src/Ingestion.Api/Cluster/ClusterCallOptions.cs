using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Cluster;

/// <summary>
/// How long the API keeps trying a grain call that may be repeated while the cluster reconfigures
/// (<c>Ingestion:Api:ClusterCalls</c>), and what it tells a client when that is not long enough.
/// </summary>
public sealed class ClusterCallOptions
{
    public const string SectionName = "Ingestion:Api:ClusterCalls";

    /// <summary>
    /// The time a read, a cancel or a start may take in all, retries included. It covers a silo's death being detected
    /// and its grains moving (a few seconds with the silo's membership settings) with room to spare.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The first wait between tries; it doubles, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the client reads the silos' gateways from the membership table (Orleans' default is a minute). A
    /// redeploy replaces every silo, each new one at a new address or generation: a client that knew only the old ones
    /// would have no gateway left until it read the list again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Retry-After a 503 carries when the budget ran out, or when the grain's storage failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
