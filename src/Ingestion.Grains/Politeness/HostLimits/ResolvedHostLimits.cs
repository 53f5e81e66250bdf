namespace Ingestion.Politeness.HostLimits;

/// <summary>One host's limits as configured: its override in <see cref="HostLimitOptions.Overrides"/> over the defaults.</summary>
/// <param name="MinRequestsPerSecond">The floor that throttling cuts the rate to, never above the maximum.</param>
public sealed record ResolvedHostLimits(int MaxConcurrentRequests, double MaxRequestsPerSecond, double MinRequestsPerSecond);
