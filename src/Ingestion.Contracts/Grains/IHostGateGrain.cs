using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>
/// Owns one upstream host's budget for the whole cluster: how many requests may be in flight to it at once and how many
/// may start per second. It splits the budget between the silos that use the host by leases, which each silo enforces
/// locally and renews about once a second, so a page request costs no call to this grain. The key is the host's
/// authority (<see cref="KeyFor"/>).
/// </summary>
[Alias("Ingestion.IHostGateGrain")]
public interface IHostGateGrain : IGrainWithStringKey
{
    /// <summary>
    /// Renews the calling silo's lease: the silo says how much it wants and what the host answered lately (throttling,
    /// Retry-After, robots.txt Crawl-delay), and gets its share of the host's budget until its next renewal.
    /// </summary>
    [Alias("Renew")]
    Task<HostLease> Renew(HostLeaseRequest request);

    /// <summary>The silo no longer uses the host: its share goes back to the others at once.</summary>
    [Alias("Release"), OneWay]
    Task Release(string silo);

    /// <summary>The host's key: scheme, host and port, the port always written, e.g. <c>https://api.example.com:443</c>.</summary>
    public static string KeyFor(Uri url) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{url.Scheme}://{url.IdnHost}:{url.Port}").ToLowerInvariant();
}
