using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// The share of pages whose whole trace (the grain calls, the HTTP request, the blob upload) is recorded, from 0 to 1;
    /// by default one page in a hundred (<see cref="PageTraceSampler"/>). The job's start, with the pages it hands out
    /// first, is always recorded, and so is every attempt that fails or is retried. 1 records every page.
    /// </summary>
    [Range(0.0, 1.0)]
    public double PageTraceRatio { get; set; } = 0.01;
}
