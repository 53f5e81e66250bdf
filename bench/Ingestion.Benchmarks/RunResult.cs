namespace Ingestion.Benchmarks;

/// <summary>
/// What one run measured, of the service or of the baseline, over its measured pages (the warm-up left out): how long
/// they took, the CPU time of the processes doing the work (the silos and the API, or the baseline's process), and the
/// per-page latency at the 50th and 99th percentiles (null where it was not read). <see cref="PeakRssBytes"/> is the
/// largest silo's or the baseline's; the rest is the service's alone.
/// </summary>
public sealed record RunResult(int Pages, TimeSpan Elapsed, TimeSpan CpuTime, double? P50Ms, double? P99Ms)
{
    public long? PeakRssBytes { get; init; }

    /// <summary>For the service, <see cref="CpuTime"/> process by process (see <see cref="ServiceUsage.CpuTimeByProcess"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>>? CpuTimeByProcess { get; init; }

    public long? ApiPeakRssBytes { get; init; }

    public long? JobStateBytes { get; init; }

    /// <summary>The Aspire dashboard's CPU time over the run, when the AppHost runs it (not part of <see cref="CpuTime"/>).</summary>
    public TimeSpan? DashboardCpuTime { get; init; }

    /// <summary>The CPU time of the run's Azurite over the measured pages (not part of <see cref="CpuTime"/>).</summary>
    public TimeSpan? StorageCpuTime { get; init; }

    public double? StorageCpuMsPerPage => StorageCpuTime?.TotalMilliseconds / Pages;

    /// <summary>
    /// For the service, from the job's <c>completedAt</c> (its last page ended) until it was seen ended: the time its
    /// manifest took, within a poll of 25 ms. Not part of <see cref="Elapsed"/>.
    /// </summary>
    public TimeSpan? EndingTime { get; init; }

    /// <summary>The median time of listing the job's last pages, where the scenario times it.</summary>
    public TimeSpan? LastPagesListing { get; init; }

    public double PagesPerSecond => Pages / Elapsed.TotalSeconds;

    public double CpuMsPerPage => CpuTime.TotalMilliseconds / Pages;
}
