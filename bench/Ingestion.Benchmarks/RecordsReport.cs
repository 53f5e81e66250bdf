using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>
/// The records scenario as a Markdown table, ready for the README (medians over the rounds for A and B), and its targets:
/// every run with records on writes one row per record served, on any run; B keeps at least a share of A's pages/s, and
/// C's silo stays under a bound, on full runs.
/// </summary>
public static class RecordsReport
{
    private const double MiB = 1024.0 * 1024;

    public static string Render(RecordsResult result)
    {
        var scenario = result.Scenario;
        var table = new StringBuilder();
        table.AppendLine("| records | runs | pages | rows | rows when the last page ended | s to last page / to completion | pages/s | pages/s each run | rows/s | silo CPU s | silo peak RSS MiB | files | partitions | record MiB |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        AppendRow(table, $"A: off ({scenario.Days} days)", result.Off);
        AppendRow(table, $"B: parquet by day, {scenario.Days} partitions, lineage", result.On);
        AppendRow(table, $"C: parquet by day, {scenario.WideDays} partitions, lineage", [result.Wide]);
        return table.ToString();
    }

    public static IEnumerable<TargetCheck> Checks(RecordsResult result)
    {
        var scenario = result.Scenario;
        var written = result.On.Append(result.Wide).ToList();
        yield return new TargetCheck(
            scenario.Name,
            Invariant($"records.rows = {scenario.ExpectedRows:N0} and no error pages, in every run with records on"),
            string.Join(", ", written.Select(run => Invariant($"{run.Label}: {run.Records?.Rows:N0} rows, {run.Records?.ErrorPages} error pages"))),
            written.All(run => run.Records is { } records && records.Rows == scenario.ExpectedRows && records.ErrorPages == 0));

        if (scenario.MinimumSpeedShare is { } share)
        {
            var off = RecordsResult.Median(result.Off.Select(run => run.PagesPerSecond));
            var on = RecordsResult.Median(result.On.Select(run => run.PagesPerSecond));
            yield return new TargetCheck(
                scenario.Name,
                Invariant($"B pages/s ≥ {share:F1} × A (medians of {result.On.Count})"),
                Invariant($"{on / off:F2} × ({on:F0} vs {off:F0} pages/s)"),
                on >= share * off);
        }

        if (scenario.MaximumWideSiloPeakRssBytes is { } bound && result.Wide.SiloPeakRssBytes is { } peak)
        {
            yield return new TargetCheck(
                scenario.Name,
                Invariant($"C ({scenario.WideDays} partitions) silo peak RSS < {bound / MiB:N0} MiB"),
                Invariant($"{peak / MiB:N0} MiB"),
                peak < bound);
        }
    }

    private static void AppendRow(StringBuilder table, string name, IReadOnlyList<RecordsRun> runs)
    {
        var records = runs[0].Records is not null;
        var eachRun = string.Join(", ", runs.Select(run => Invariant($"{run.PagesPerSecond:F0}")));
        table.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {runs.Count} | {runs[0].Pages:N0} | {(records ? MedianOf(runs, run => run.Records?.Rows) : null):N0} | " +
            $"{(records ? MedianOf(runs, run => run.Records?.RowsWhenPagesEnded) : null):N0} | " +
            $"{MedianOf(runs, run => run.PagesEnded.TotalSeconds):F1} / {MedianOf(runs, run => run.Elapsed.TotalSeconds):F1} | " +
            $"{MedianOf(runs, run => run.PagesPerSecond):F0} | {eachRun} | {MedianOf(runs, run => run.RowsPerSecond):N0} | " +
            $"{MedianOf(runs, run => run.SiloCpu.TotalSeconds):F1} | {MedianOf(runs, run => run.SiloPeakRssBytes / MiB):F0} | " +
            $"{MedianOf(runs, run => run.Records?.Files):F0} | {MedianOf(runs, run => run.Records?.Partitions):F0} | " +
            $"{MedianOf(runs, run => run.Records?.Bytes / MiB):F1} |"));
    }

    /// <summary>The median of a figure over the runs; null when a run has no such figure (rows of a run without records).</summary>
    private static double? MedianOf(IReadOnlyList<RecordsRun> runs, Func<RecordsRun, double?> figure)
    {
        var values = runs.Select(figure).ToList();
        return values.All(value => value.HasValue) ? RecordsResult.Median(values.Select(value => value!.Value)) : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
