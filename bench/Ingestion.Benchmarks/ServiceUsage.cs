namespace Ingestion.Benchmarks;

/// <summary>
/// What the service's processes have used so far: the CPU time of its silos and its API together (the work a job costs,
/// wherever it runs), the peak resident set of its largest silo and of its API, and, when the service runs under the
/// AppHost, the CPU time of the Aspire dashboard that collects its telemetry (counted apart from the service's).
/// </summary>
/// <param name="CpuTimeByProcess">
/// The CPU time process by process ("silo 1", "silo 2", "API"; "silo", "API" as processes), in that order:
/// where a job's CPU went, which with several silos says on which one its pages ran.
/// </param>
public sealed record ServiceUsage(
    IReadOnlyList<KeyValuePair<string, TimeSpan>> CpuTimeByProcess,
    long? SiloPeakRssBytes,
    long? ApiPeakRssBytes,
    TimeSpan? DashboardCpuTime)
{
    /// <summary>The silos' and the API's CPU time together.</summary>
    public TimeSpan CpuTime => CpuTimeByProcess.Aggregate(TimeSpan.Zero, (sum, process) => sum + process.Value);

    /// <summary>The CPU time each process used between <paramref name="before"/> and this usage, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> CpuTimeByProcessSince(ServiceUsage before) =>
    [
        .. CpuTimeByProcess.Select(process => KeyValuePair.Create(
            process.Key,
            process.Value - before.CpuTimeByProcess.FirstOrDefault(earlier => earlier.Key == process.Key).Value)),
    ];
}
