namespace Ingestion.Benchmarks;

/// <summary>
/// What the service's processes have used so far: the CPU time of its silos and its API together (the work a job costs,
/// wherever it runs), the peak resident set of its largest silo and of its API, and, when the service runs under the
/// AppHost, the CPU time of the Aspire dashboard that collects its telemetry (counted apart from the service's).
/// </summary>
public sealed record ServiceUsage(TimeSpan CpuTime, long? SiloPeakRssBytes, long? ApiPeakRssBytes, TimeSpan? DashboardCpuTime);
