namespace Ingestion.Benchmarks;

/// <summary>
/// One benchmark case: how many pages of what size, how slow the upstream is, and how many at once; with
/// <see cref="UrlListInBlob"/> the job reads its URLs from a list blob (one per line) instead of a range.
/// </summary>
public sealed record Scenario(string Name, int Pages, TimeSpan UpstreamDelay, int BodySize, int Concurrency, bool UrlListInBlob = false)
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("latency-bound", 2_000, TimeSpan.FromMilliseconds(50), 4 * 1024, 64),
        new("overhead-bound", 10_000, TimeSpan.Zero, 4 * 1024, 32),
        new("scale", 100_000, TimeSpan.Zero, 4 * 1024, 64),
        new("url-list", 100_000, TimeSpan.Zero, 1024, 64, UrlListInBlob: true),
    ];

    /// <summary>The same scenarios, a tenth or less of the size: a quick check that the benchmark itself works.</summary>
    public static IReadOnlyList<Scenario> Smoke { get; } =
    [
        new("latency-bound (smoke)", 200, TimeSpan.FromMilliseconds(50), 4 * 1024, 64),
        new("overhead-bound (smoke)", 500, TimeSpan.Zero, 4 * 1024, 32),
        new("url-list (smoke)", 500, TimeSpan.Zero, 1024, 32, UrlListInBlob: true),
    ];
}
