using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Leaves the service's own bookkeeping grain calls out of the exported traces: the politeness gate's lease renewals run
/// once a second per upstream host on every silo while any job fetches from it, and a records grain asks its job which
/// pages have ended four times a second (and is kept going, and waited for, as often); they would bury the jobs' traces
/// as Orleans' timer ticks did. Their spans are still created (so calls within them keep a parent) but not recorded, which
/// exporters honour. <see cref="TelemetryOptions.HostLeaseRenewals"/> brings them back.
/// </summary>
public sealed class BookkeepingCalls : BaseProcessor<Activity>
{
    /// <summary>The spans of lease renewals and releases, on both sides of the call (Orleans names them interface/method).</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "IHostGateGrain/Renew",
        "IHostGateGrain/Release",
        "IIngestionJobGrain/GetEndedPages",
        "IJobRecordsGrain/Keep",
        "IJobRecordsGrain/Complete",
    };

    public override void OnStart(Activity data)
    {
        if (data.Source.Name == TelemetryNames.OrleansApplicationSource && Names.Contains(data.OperationName))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
