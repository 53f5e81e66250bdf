using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>Prints the results as a Markdown table, ready for the README.</summary>
public static class ReportTable
{
    public static string Render(IEnumerable<(Scenario Scenario, RunResult Service, RunResult? Baseline)> rows)
    {
        var table = new StringBuilder();
        table.AppendLine("| scenario | pages | service pages/s | baseline pages/s | ratio | service p50 / p99 ms | baseline p50 / p99 ms | silo CPU s | silo peak RSS MiB | job state bytes |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (scenario, service, baseline) in rows)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {scenario.Pages:N0} | {service.PagesPerSecond:F0} | {baseline?.PagesPerSecond:F0} | " +
                $"{service.PagesPerSecond / baseline?.PagesPerSecond:F2} | {service.Percentile(50):F1} / {service.Percentile(99):F1} | " +
                $"{baseline?.Percentile(50):F1} / {baseline?.Percentile(99):F1} | {service.CpuTime?.TotalSeconds:F1} | " +
                $"{service.PeakRssBytes / (1024.0 * 1024):F0} | {service.JobStateBytes:N0} |"));
        }

        return table.ToString();
    }
}
