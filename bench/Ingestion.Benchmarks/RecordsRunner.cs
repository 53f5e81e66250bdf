using System.Globalization;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs <see cref="RecordsScenario"/>: rounds of A (records off) then B (records on), then C; every job on a fresh
/// Azurite, silo and API. A fresh silo, so that its peak memory is that job's; a fresh Azurite, because Azurite keeps
/// every blob in memory and slows as they pile up, which would put each later run, and so B in every round, on a
/// slower emulator than the run before it.
/// </summary>
public sealed class RecordsRunner(string apiKey)
{
    public async Task<RecordsResult> RunAsync(RecordsScenario scenario, CancellationToken cancellationToken)
    {
        await using var source = await RecordPagesSource.StartAsync(cancellationToken);
        var off = new List<RecordsRun>();
        var on = new List<RecordsRun>();
        for (var round = 1; round <= scenario.Rounds; round++)
        {
            off.Add(await RunFreshAsync(scenario, $"A{round}", source.UrlTemplate(scenario.Days), records: null, cancellationToken));
            on.Add(await RunFreshAsync(scenario, $"B{round}", source.UrlTemplate(scenario.Days), RecordsJob.PartitionedParquet, cancellationToken));
        }

        var wide = await RunFreshAsync(scenario, "C", source.UrlTemplate(scenario.WideDays), RecordsJob.PartitionedParquet, cancellationToken);
        return new RecordsResult(scenario, off, on, wide);
    }

    private async Task<RecordsRun> RunFreshAsync(
        RecordsScenario scenario, string label, string urlTemplate, object? records, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{scenario.Name}: {label}...");
        await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: cancellationToken);
        await using var services = await ServiceProcesses.StartAsync(azurite, apiKey, cancellationToken);
        var run = await new RecordsJob(azurite.CreateBlobServiceClient(), services, apiKey)
            .RunAsync(label, urlTemplate, scenario, records, cancellationToken);

        // Each run as soon as it is measured, so that a long run that is stopped half way still says something.
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{scenario.Name}: {label}: {run.Pages:N0} pages in {run.Elapsed.TotalSeconds:F1} s, {run.PagesPerSecond:F0} pages/s, " +
            $"{run.Records?.Rows:N0} rows ({run.RowsPerSecond:F0}/s) in {run.Records?.Files} files over {run.Records?.Partitions} partitions, " +
            $"silo CPU {run.SiloCpu.TotalSeconds:F1} s, silo peak RSS {run.SiloPeakRssBytes / (1024.0 * 1024):F0} MiB"));
        return run;
    }
}
