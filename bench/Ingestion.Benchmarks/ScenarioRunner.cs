using System.Globalization;
using System.Text;
using Ingestion.Baseline;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs a scenario: for a compared one, rounds of the baseline and the service in alternating order (the baseline first
/// in odd rounds, second in even ones), so that neither always runs first or always second on a machine that warms up
/// or drifts; each run on fresh storage and, for the service, fresh processes (<see cref="IServiceLauncher"/>), each
/// after the same warm-up. A scenario that is not compared runs the service alone, once.
/// </summary>
public sealed class ScenarioRunner(UpstreamServer upstream, IServiceLauncher launcher, WarmUp warmUp)
{
    private const double MiB = 1024.0 * 1024;

    public async Task<ScenarioResult> RunAsync(Scenario scenario, int rounds, bool withBaseline, CancellationToken cancellationToken)
    {
        upstream.BodySize = scenario.BodySize;
        upstream.GlobalDelay = scenario.UpstreamDelay;
        var results = new List<ScenarioRound>();
        for (var number = 1; number <= rounds; number++)
        {
            var baselineFirst = number % 2 == 1;
            RunResult? baseline = null;
            if (withBaseline && baselineFirst)
            {
                baseline = await RunBaselineAsync(scenario, number, cancellationToken);
            }

            var service = await RunServiceAsync(scenario, number, cancellationToken);
            if (withBaseline && !baselineFirst)
            {
                baseline = await RunBaselineAsync(scenario, number, cancellationToken);
            }

            results.Add(new ScenarioRound(number, baselineFirst, service, baseline));
        }

        return new ScenarioResult(scenario, results);
    }

    private async Task<RunResult> RunBaselineAsync(Scenario scenario, int round, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{scenario.Name}: round {round}: baseline...");
        await using var storage = await launcher.StartForBaselineAsync(cancellationToken);
        var options = new BaselineOptions(
            upstream.BaseUrl + "/pages/{page}",
            scenario.Pages,
            warmUp,
            scenario.Concurrency,
            storage.StorageConnectionString,
            "baseline",
            Guid.NewGuid().ToString("N"),
            BaselineOptions.DefaultTimeout);
        var run = await BaselineProcess.RunAsync(options, storage.StorageCpuTime, cancellationToken);
        Console.WriteLine(Describe(scenario, round, "baseline", run));
        return run;
    }

    private async Task<RunResult> RunServiceAsync(Scenario scenario, int round, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{scenario.Name}: round {round}: service...");
        await using var service = await launcher.StartServiceAsync(cancellationToken);
        var run = await new ServiceRunner(service, upstream).RunAsync(scenario, warmUp, cancellationToken);
        Console.WriteLine(Describe(scenario, round, "service", run));
        return run;
    }

    /// <summary>Each run as soon as it is measured, so that a long run that is stopped half way still says something.</summary>
    private static string Describe(Scenario scenario, int round, string side, RunResult run)
    {
        var line = new StringBuilder(string.Create(
            CultureInfo.InvariantCulture,
            $"{scenario.Name}: round {round}: {side}: {run.Pages:N0} pages in {run.Elapsed.TotalSeconds:F1} s, {run.PagesPerSecond:F0} pages/s, " +
            $"CPU {run.CpuTime.TotalSeconds:F1} s ({run.CpuMsPerPage:F2} ms/page"));
        if (run.CpuTimeByProcess is { Count: > 0 } byProcess)
        {
            var processes = byProcess.Select(process =>
                string.Create(CultureInfo.InvariantCulture, $"{process.Key} {process.Value.TotalSeconds:F1} s"));
            line.Append(CultureInfo.InvariantCulture, $": {string.Join(", ", processes)}");
        }

        line.Append(CultureInfo.InvariantCulture, $"), peak RSS {run.PeakRssBytes / MiB:F0} MiB");
        if (run.ApiPeakRssBytes is { } api)
        {
            line.Append(CultureInfo.InvariantCulture, $" (API {api / MiB:F0} MiB)");
        }

        if (run is { P50Ms: { } p50, P99Ms: { } p99 })
        {
            line.Append(CultureInfo.InvariantCulture, $", p50 / p99 {p50:F1} / {p99:F1} ms");
        }

        if (run.StorageCpuMsPerPage is { } storage)
        {
            line.Append(CultureInfo.InvariantCulture, $", Azurite CPU {storage:F2} ms/page");
        }

        if (run.EndingTime is { } ending)
        {
            line.Append(CultureInfo.InvariantCulture, $", manifest written {ending.TotalSeconds:F2} s after the last page");
        }

        if (run.DashboardCpuTime is { } dashboard)
        {
            line.Append(CultureInfo.InvariantCulture, $", dashboard CPU {dashboard.TotalSeconds:F1} s");
        }

        if (run.JobStateBytes is { } state)
        {
            line.Append(CultureInfo.InvariantCulture, $", job state {state:N0} bytes");
        }

        if (run.LastPagesListing is { } listing)
        {
            line.Append(CultureInfo.InvariantCulture, $", last pages listed in {listing.TotalMilliseconds:F0} ms");
        }

        return line.ToString();
    }
}
