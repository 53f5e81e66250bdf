namespace Ingestion.Benchmarks;

/// <summary>
/// What writing records costs a job: the same <see cref="Pages"/> pages of <see cref="RecordPagesSource.PerPage"/>
/// records fetched with records off (A) and on (B: Parquet, partitioned by <c>created_at</c> by day over
/// <see cref="Days"/> days, with lineage), alternating for <see cref="Rounds"/> rounds; then once on over
/// <see cref="WideDays"/> days (C), so that every page touches that many partitions and the silo holds as many files
/// open at once.
/// </summary>
public sealed record RecordsScenario(string Name, int Pages, int Days, int WideDays, int Concurrency, int Rounds)
{
    private const long OneGiB = 1024L * 1024 * 1024;

    /// <summary>The rows every run with records on must write: one per record served.</summary>
    public long ExpectedRows => (long)Pages * RecordPagesSource.PerPage;

    /// <summary>B's pages/s as a share of A's that the full run must reach (the median of each).</summary>
    public double? MinimumSpeedShare { get; init; }

    /// <summary>The bound on the silo's peak memory in C.</summary>
    public long? MaximumWideSiloPeakRssBytes { get; init; }

    /// <summary>Each job on its own Azurite, silo and API (see <see cref="RecordsRunner"/>); otherwise all on one of each.</summary>
    public bool FreshServicesPerJob { get; init; } = true;

    public static RecordsScenario Full { get; } = new("records", 10_000, 10, 100, 32, 3)
    {
        MinimumSpeedShare = 0.7,
        MaximumWideSiloPeakRssBytes = OneGiB,
    };

    /// <summary>
    /// One round of a few hundred pages, its jobs on one silo: shows that records are written, and all of them; says
    /// nothing of speed or memory.
    /// </summary>
    public static RecordsScenario Smoke { get; } = new("records (smoke)", 300, 10, 100, 32, 1) { FreshServicesPerJob = false };
}
