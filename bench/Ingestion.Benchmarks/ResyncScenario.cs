namespace Ingestion.Benchmarks;

/// <summary>
/// Re-syncing a source that has not changed: a pipeline's first run fetches every page, its second revalidates each
/// with a conditional request, against the plain loop that fetches and uploads every page again.
/// </summary>
public sealed record ResyncScenario(string Name, int Pages, int BodySize, int Concurrency)
{
    /// <summary>The second run's pages/s as a multiple of the loop's that the full run must reach.</summary>
    public double? MinimumSpeedup { get; init; }

    public static ResyncScenario Full { get; } = new("resync-unchanged", 10_000, 64 * 1024, 32) { MinimumSpeedup = 5 };

    public static ResyncScenario Smoke { get; } = new("resync-unchanged (smoke)", 200, 64 * 1024, 32);
}
