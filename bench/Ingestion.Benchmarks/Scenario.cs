namespace Ingestion.Benchmarks;

/// <summary>
/// One benchmark case: how many pages of what size, how slow the upstream is, and how many at once; with
/// <see cref="UrlListInBlob"/> the job reads its URLs from a list blob (one per line) instead of a range. Its targets,
/// where it has them, are checked after a full run: the service's pages/s as a share of the baseline's in the same run,
/// and bounds on the silo's peak memory and the job's persisted state.
/// </summary>
public sealed record Scenario(string Name, int Pages, TimeSpan UpstreamDelay, int BodySize, int Concurrency, bool UrlListInBlob = false)
{
    private const long OneGiB = 1024L * 1024 * 1024;

    public double? MinimumRatio { get; init; }

    public long? MaximumSiloPeakRssBytes { get; init; }

    public long? MaximumJobStateBytes { get; init; }

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("latency-bound", 2_000, TimeSpan.FromMilliseconds(50), 4 * 1024, 64) { MinimumRatio = 0.9 },
        new("overhead-bound", 10_000, TimeSpan.Zero, 4 * 1024, 32) { MinimumRatio = 0.8 },
        new("scale", 100_000, TimeSpan.Zero, 4 * 1024, 64) { MaximumSiloPeakRssBytes = OneGiB, MaximumJobStateBytes = 64 * 1024 },
        new("url-list", 100_000, TimeSpan.Zero, 1024, 64, UrlListInBlob: true) { MaximumSiloPeakRssBytes = OneGiB, MaximumJobStateBytes = 64 * 1024 },
    ];

    /// <summary>The same scenarios, a tenth or less of the size: a quick check that the benchmark itself works.</summary>
    public static IReadOnlyList<Scenario> Smoke { get; } =
    [
        new("latency-bound (smoke)", 200, TimeSpan.FromMilliseconds(50), 4 * 1024, 64),
        new("overhead-bound (smoke)", 500, TimeSpan.Zero, 4 * 1024, 32),
        new("url-list (smoke)", 500, TimeSpan.Zero, 1024, 32, UrlListInBlob: true),
    ];
}
