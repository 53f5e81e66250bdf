using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks;

/// <summary>
/// The scenarios' results as Markdown tables, ready for the README: the compared scenarios' medians, their rounds one by
/// one, and the scenarios that run the service alone.
/// </summary>
public static class ScenarioReport
{
    private const double MiB = 1024.0 * 1024;

    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var table = new StringBuilder();
        var compared = results.Where(result => result.Scenario.Compared).ToList();
        if (compared.Count > 0)
        {
            table.AppendLine("| scenario | rounds | pages | pages/s: service / baseline | ratio | CPU ms/page: service / baseline | ratio | p50 / p99 ms: service | p50 / p99 ms: baseline | peak RSS MiB: silo / API / baseline | Azurite CPU ms/page: service / baseline | dashboard CPU ms/page |");
            table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var result in compared)
            {
                double? Service(Func<RunResult, double?> figure) => result.ServiceMedian(figure);
                double? Baseline(Func<RunResult, double?> figure) => result.BaselineMedian(figure);
                table.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {result.Scenario.Name} | {result.Rounds.Count} | {result.Scenario.Pages:N0} | " +
                    $"{Pair(Service(run => run.PagesPerSecond), Baseline(run => run.PagesPerSecond), "F0")} | {result.SpeedRatio:F2} | " +
                    $"{Pair(Service(run => run.CpuMsPerPage), Baseline(run => run.CpuMsPerPage), "F2")} | {result.CpuRatio:F2} | " +
                    $"{Pair(Service(run => run.P50Ms), Service(run => run.P99Ms), "F1")} | {Pair(Baseline(run => run.P50Ms), Baseline(run => run.P99Ms), "F1")} | " +
                    $"{Service(run => run.PeakRssBytes / MiB):F0} / {Service(run => run.ApiPeakRssBytes / MiB):F0} / {Baseline(run => run.PeakRssBytes / MiB):F0} | " +
                    $"{Pair(Service(run => run.StorageCpuMsPerPage), Baseline(run => run.StorageCpuMsPerPage), "F2")} | " +
                    $"{Service(run => run.DashboardCpuTime?.TotalMilliseconds / run.Pages):F2} |"));
            }

            table.AppendLine();
            table.AppendLine("| scenario | round | order | pages/s: service / baseline | ratio | CPU ms/page: service / baseline | ratio |");
            table.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
            foreach (var result in compared)
            {
                foreach (var round in result.Rounds)
                {
                    var order = round.Baseline is null ? "service" : round.BaselineFirst ? "baseline, service" : "service, baseline";
                    table.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                        $"| {result.Scenario.Name} | {round.Number} | {order} | {Pair(round.Service.PagesPerSecond, round.Baseline?.PagesPerSecond, "F0")} | " +
                        $"{round.SpeedRatio:F2} | {Pair(round.Service.CpuMsPerPage, round.Baseline?.CpuMsPerPage, "F2")} | {round.CpuRatio:F2} |"));
                }
            }
        }

        var alone = results.Where(result => !result.Scenario.Compared).ToList();
        if (alone.Count > 0)
        {
            if (compared.Count > 0)
            {
                table.AppendLine();
            }

            table.AppendLine("| scenario (service alone) | pages | pages/s | CPU ms/page | p50 / p99 ms | silo peak RSS MiB | API peak RSS MiB | job state bytes | last pages listed in ms |");
            table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var result in alone)
            {
                var run = result.Rounds[0].Service;
                table.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {result.Scenario.Name} | {run.Pages:N0} | {run.PagesPerSecond:F0} | {run.CpuMsPerPage:F2} | {Pair(run.P50Ms, run.P99Ms, "F1")} | " +
                    $"{run.PeakRssBytes / MiB:F0} | {run.ApiPeakRssBytes / MiB:F0} | {run.JobStateBytes:N0} | {run.LastPagesListing?.TotalMilliseconds:F0} |"));
            }
        }

        return table.ToString();
    }

    /// <summary>Two figures as "a / b", or nothing when neither was measured.</summary>
    private static string Pair(double? first, double? second, string format) =>
        first is null && second is null
            ? ""
            : $"{first?.ToString(format, CultureInfo.InvariantCulture)} / {second?.ToString(format, CultureInfo.InvariantCulture)}";
}
