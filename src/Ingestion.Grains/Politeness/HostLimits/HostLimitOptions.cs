using System.ComponentModel.DataAnnotations;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// What every upstream host is granted by the whole cluster, shared by all jobs and all silos; bound from
/// <c>Ingestion:Hosts</c> and validated at start-up. A host is its scheme, name and port. The defaults are sized so that
/// a healthy host is never the bottleneck (a job of 64 pages at once, a thousand pages a second); a host that answers
/// 429 or 503 is slowed down from there and recovers gradually.
/// </summary>
public sealed class HostLimitOptions : IValidatableObject
{
    public const string SectionName = "Ingestion:Hosts";

    /// <summary>Requests in flight to one host at once, across the cluster.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 128;

    /// <summary>Requests started per second to one host, across the cluster, when it is healthy.</summary>
    [Range(0.001, 1_000_000)]
    public double MaxRequestsPerSecond { get; set; } = 2000;

    /// <summary>However often a host throttles, its rate is never cut below this (nor above its own maximum).</summary>
    [Range(0.001, 1_000_000)]
    public double MinRequestsPerSecond { get; set; } = 1;

    /// <summary>A 429 or 503 multiplies the host's rate by this (at most once per <see cref="MinCutInterval"/>).</summary>
    [Range(0.05, 0.95)]
    public double DecreaseFactor { get; set; } = 0.7;

    /// <summary>
    /// After a cut, refusals of requests sent within this time do not cut again: the host needs that long to see the
    /// lower rate (a rate limiter's window is often a second).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinCutInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While the host answers without throttling, its rate grows each second by this share of the rate it had at its
    /// last cut: 0.1 regains a cut of 0.7 in three seconds.
    /// </summary>
    [Range(0.001, 1)]
    public double RecoveryPerSecond { get; set; } = 0.1;

    /// <summary>The longest Retry-After honoured as a pause for the whole host (each page still waits its own).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxPause { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a silo renews its share of a host it is using.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RenewalPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a share holds without a renewal. A silo that has not renewed for this long loses its share to the
    /// others; a silo that cannot renew falls back to one request at a time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limits of particular hosts, by host name (any scheme and port), e.g. <c>Overrides:api.example.com:MaxRequestsPerSecond</c>.</summary>
    public Dictionary<string, HostLimitOverride> Overrides { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limits of the host named in <paramref name="authority"/> (a <see cref="Grains.IHostGateGrain"/> key).</summary>
    public ResolvedHostLimits LimitsFor(string authority)
    {
        var host = Uri.TryCreate(authority, UriKind.Absolute, out var url) ? url.IdnHost : authority;
        var match = Overrides.FirstOrDefault(entry => string.Equals(entry.Key, host, StringComparison.OrdinalIgnoreCase)).Value;
        var maxRate = match?.MaxRequestsPerSecond ?? MaxRequestsPerSecond;
        return new ResolvedHostLimits(
            match?.MaxConcurrentRequests ?? MaxConcurrentRequests,
            maxRate,
            Math.Min(MinRequestsPerSecond, maxRate));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < RenewalPeriod * 2)
        {
            yield return new ValidationResult(
                $"LeaseDuration ({LeaseDuration}) must be at least twice RenewalPeriod ({RenewalPeriod}), or leases lapse between renewals.",
                [nameof(LeaseDuration)]);
        }

        foreach (var (host, limits) in Overrides)
        {
            if (limits is null)
            {
                continue;
            }

            var context = new ValidationContext(limits);
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(limits, context, results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"Overrides:{host}: {result.ErrorMessage}", [nameof(Overrides)]);
            }
        }
    }
}
