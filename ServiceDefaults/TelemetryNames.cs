namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Names of the telemetry the services export: their own meter and activity source, and the Orleans activity sources.
/// The grains produce the service's own under the same names (<c>Ingestion.Telemetry.IngestionTelemetry</c>, which this
/// project cannot reference).
/// </summary>
public static class TelemetryNames
{
    public const string Meter = "Ingestion";
    public const string ActivitySource = "Ingestion";

    /// <summary>The Orleans meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// The Orleans gauge of the grain directory cache's size, left out of the exported metrics: Orleans counts the cache
    /// entry by entry at every collection, and a silo that has placed a job's page grains holds thousands of entries. In
    /// profiles of the AppHost's silos (metrics collected every second) it took 1 to 6 % of a silo's CPU.
    /// </summary>
    public const string OrleansDirectoryCacheSize = "orleans-directory-cache-size";

    /// <summary>
    /// Orleans' spans of calls to the application's grains (interfaces outside the <c>Orleans</c> namespaces), the
    /// calls that carry a job from the API to its page fetches.
    /// </summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>
    /// Orleans' spans of its own calls, to interfaces in the <c>Orleans</c> namespaces: <c>IGrainTimerInvoker</c> for
    /// every grain timer tick, reminders, membership, placement and the other system targets, and the Orleans
    /// Dashboard's <c>ISiloGrainService</c>. Traced only when <see cref="TelemetryOptions.OrleansInternals"/> is set.
    /// </summary>
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>
    /// Orleans' span (interface/method) of the job grain's call that hands a page to its fetch grain: the root of a page's
    /// trace when it is handed out after the job's start, and so where <see cref="PageTraceSampler"/> decides.
    /// </summary>
    public const string PageDispatchSpan = "IPageFetchGrain/Fetch";
}
