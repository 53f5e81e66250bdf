namespace Ingestion.Benchmarks;

/// <summary>The median of a few figures, the middle one's or the mean of the middle two; null when none is known.</summary>
public static class Median
{
    public static double? Of(IEnumerable<double?> values)
    {
        var known = values.Where(value => value.HasValue).Select(value => value!.Value).ToList();
        return known.Count == 0 ? null : Of(known);
    }

    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
