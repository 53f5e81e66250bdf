using System.ComponentModel.DataAnnotations;

namespace Ingestion.Politeness.HostLimits;

/// <summary>One host's own limits, in place of the defaults in <see cref="HostLimitOptions"/>; what is left out keeps the default.</summary>
public sealed class HostLimitOverride
{
    [Range(1, 100_000)]
    public int? MaxConcurrentRequests { get; set; }

    [Range(0.001, 1_000_000)]
    public double? MaxRequestsPerSecond { get; set; }
}
