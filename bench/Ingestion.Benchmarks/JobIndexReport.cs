using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>
/// The job index scenario as a Markdown table, and its targets: one job's write costs no more at the largest size than at
/// the smallest, and a slice, first or last, takes the same table requests at every size (its times on Azurite are shown,
/// not checked: see <see cref="JobIndexRunner"/>).
/// </summary>
public static class JobIndexReport
{
    // Within this factor of the smallest size's cost counts as "not growing": medians of small times on a shared machine.
    private const double Tolerance = 1.5;

    public static string Render(IReadOnlyList<JobIndexRow> rows)
    {
        var table = new StringBuilder();
        table.AppendLine("| jobs in the index | one job's write ms | first slice ms (100 jobs, via the API) | last slice ms (via the API) | table requests: first / last slice |");
        table.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Jobs:N0} | {row.WriteMs:F1} | {row.FirstSliceMs:F1} | {row.LastSliceMs:F1} | {row.FirstSliceRequests} / {row.LastSliceRequests} |"));
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
        yield return new TargetCheck(
            "job-index",
            string.Create(CultureInfo.InvariantCulture, $"one job's write at {large.Jobs:N0} jobs ≤ {Tolerance} × at {small.Jobs:N0}"),
            string.Create(CultureInfo.InvariantCulture, $"{large.WriteMs:F1} vs {small.WriteMs:F1} ms"),
            large.WriteMs <= small.WriteMs * Tolerance);
        var requests = rows.SelectMany(row => new[] { row.FirstSliceRequests, row.LastSliceRequests }).ToList();
        yield return new TargetCheck(
            "job-index",
            "a slice, first or last, takes the same table requests at every size (at most 2)",
            string.Join(", ", rows.Select(row => string.Create(CultureInfo.InvariantCulture, $"{row.Jobs:N0}: {row.FirstSliceRequests}/{row.LastSliceRequests}"))),
            requests.All(count => count <= 2) && rows.All(row => row.FirstSliceRequests == small.FirstSliceRequests && row.LastSliceRequests == small.LastSliceRequests));
    }
}
