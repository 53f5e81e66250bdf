using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>The re-sync scenario as a Markdown table, ready for the README, and its target.</summary>
public static class ResyncReport
{
    public static string Render(ResyncResult result)
    {
        var table = new StringBuilder();
        table.AppendLine("| re-sync | pages | pages/s | page bytes uploaded | silo CPU s |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        if (result.Loop is { } loop)
        {
            table.AppendLine(Invariant($"| plain loop | {loop.Pages:N0} | {loop.PagesPerSecond:F0} | {result.LoopBytes:N0} | |"));
        }

        foreach (var (name, run) in new[] { ("run 1 (first)", result.First), ("run 2 (unchanged)", result.Second) })
        {
            table.AppendLine(Invariant(
                $"| {name} | {run.Pages:N0} ({run.Unchanged:N0} unchanged) | {run.PagesPerSecond:F0} | {run.BytesUploaded:N0} | {run.SiloCpu.TotalSeconds:F1} |"));
        }

        return table.ToString();
    }

    /// <summary>The target, when the scenario has one and the loop was measured.</summary>
    public static IEnumerable<TargetCheck> Checks(ResyncResult result)
    {
        if (result.Scenario.MinimumSpeedup is { } speedup && result.Loop is { } loop)
        {
            var measured = result.Second.PagesPerSecond / loop.PagesPerSecond;
            var met = measured >= speedup && result.Second.BytesUploaded == 0;
            yield return new(
                result.Scenario.Name,
                Invariant($"run 2 pages/s ≥ {speedup:F0} × loop, 0 bytes uploaded"),
                Invariant($"{measured:F1} ×, {result.Second.BytesUploaded:N0} bytes"),
                met);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
