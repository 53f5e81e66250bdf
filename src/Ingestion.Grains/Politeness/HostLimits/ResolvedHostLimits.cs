namespace Ingestion.Politeness;

/// <summary>One host's configured budget, defaults and override resolved.</summary>
/// <param name="MinRequestsPerSecond">The floor that throttling cuts the rate to, never above the maximum.</param>
public sealed record HostLimits(int MaxConcurrentRequests, double MaxRequestsPerSecond, double MinRequestsPerSecond);
