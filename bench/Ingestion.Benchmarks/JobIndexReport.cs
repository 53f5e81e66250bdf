using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>The job index scenario as a Markdown table, and its target: the largest size costs no more than the smallest.</summary>
public static class JobIndexReport
{
    // Within this factor of the smallest size's cost counts as "not growing": medians of small times on a shared machine.
    private const double Tolerance = 1.5;

    public static string Render(IReadOnlyList<JobIndexRow> rows)
    {
        var table = new StringBuilder();
        table.AppendLine("| jobs in the index | one job's write ms | first slice ms (100 jobs, via the API) | last slice ms (via the API) |");
        table.AppendLine("| ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Jobs:N0} | {row.WriteMs:F1} | {row.FirstSliceMs:F1} | {row.LastSliceMs:F1} |"));
        }

        return table.ToString();
    }

    public static IEnumerable<TargetCheck> Checks(IReadOnlyList<JobIndexRow> rows, bool full)
    {
        if (!full || rows.Count < 2)
        {
            yield break;
        }

        var (small, large) = (rows[0], rows[^1]);
        foreach (var (what, before, after) in new[]
        {
            ("one job's write", small.WriteMs, large.WriteMs),
            ("the first slice", small.FirstSliceMs, large.FirstSliceMs),
            ("the last slice", small.LastSliceMs, large.LastSliceMs),
        })
        {
            yield return new TargetCheck(
                "job-index",
                string.Create(CultureInfo.InvariantCulture, $"{what} at {large.Jobs:N0} jobs ≤ {Tolerance} × at {small.Jobs:N0}"),
                string.Create(CultureInfo.InvariantCulture, $"{after:F1} vs {before:F1} ms"),
                after <= before * Tolerance);
        }
    }
}
