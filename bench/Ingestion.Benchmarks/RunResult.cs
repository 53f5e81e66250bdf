namespace Ingestion.Benchmarks;

/// <summary>What one run of a scenario measured.</summary>
public sealed record RunResult(
    int PagesStored,
    TimeSpan Elapsed,
    IReadOnlyList<double> PageLatenciesMs,
    TimeSpan? CpuTime,
    long? PeakRssBytes,
    long? JobStateBytes)
{
    public double PagesPerSecond => PagesStored / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (PageLatenciesMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = PageLatenciesMs.Order().ToList();
        var index = (int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }
}
