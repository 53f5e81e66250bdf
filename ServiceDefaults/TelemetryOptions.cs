namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What the services trace beyond their own work; bound from <c>Ingestion:Telemetry</c> when the host is built (the
/// tracer's sources are chosen then) and validated at start like every other option.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Ingestion:Telemetry";

    /// <summary>
    /// Also trace the Orleans runtime's own calls (source <see cref="TelemetryNames.OrleansRuntimeSource"/>): grain
    /// timer ticks, reminders, membership and other system targets, the Orleans Dashboard's counters. Off by default:
    /// they are most of the traces and none of them is a job's.
    /// </summary>
    public bool OrleansInternals { get; set; }

    /// <summary>
    /// Also trace the politeness gate's lease renewals (<see cref="BookkeepingCalls"/>): one a second per upstream host
    /// and silo while jobs fetch. Off by default.
    /// </summary>
    public bool HostLeaseRenewals { get; set; }
}
