namespace Ingestion.Grains;

/// <summary>A silo's share of one host's budget, which it enforces on its own until it renews.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.HostLease")]
public sealed record HostLease
{
    /// <summary>Requests the silo may have in flight to the host at once; 0 means wait for the next renewal.</summary>
    [Id(0)] public int MaxConcurrentRequests { get; init; }

    /// <summary>Requests the silo may start per second.</summary>
    [Id(1)] public double RequestsPerSecond { get; init; }

    /// <summary>The host asked for a pause (Retry-After): no request starts before this.</summary>
    [Id(2)] public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>When the silo should renew: sooner when it wants more than it got.</summary>
    [Id(3)] public TimeSpan RenewAfter { get; init; }

    /// <summary>How long the lease holds without a renewal; the gate hands a silo's share to others after that.</summary>
    [Id(4)] public TimeSpan ValidFor { get; init; }
}
