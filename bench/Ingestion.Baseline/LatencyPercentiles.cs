namespace Ingestion.Baseline;

/// <summary>
/// The nearest-rank percentile of per-page latencies: the smallest value that at least <c>p</c> % of the pages took no
/// longer than. One definition for the baseline and the service, so that their p50 and p99 are read the same way.
/// </summary>
public static class LatencyPercentiles
{
    public static double Of(IReadOnlyList<double> latenciesMs, double p)
    {
        if (latenciesMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = latenciesMs.Order().ToList();
        var index = (int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }
}
