using System.Globalization;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs <see cref="RecordsScenario"/>: rounds of A (records off) then B (records on), then C. On a full run every job
/// has a fresh Azurite, silo and API: a fresh silo, so that its peak memory is that job's; a fresh Azurite, because
/// Azurite keeps every blob in memory and slows as they pile up, which would put each later run, and so B in every
/// round, on a slower emulator than the run before it. A smoke run's jobs share one of each, as each start costs
/// seconds and its figures are not compared.
/// </summary>
public sealed class RecordsRunner(string apiKey)
{
    private delegate Task<RecordsRun> RunJob(string label, string urlTemplate, object? records, CancellationToken cancellationToken);

    public async Task<RecordsResult> RunAsync(RecordsScenario scenario, CancellationToken cancellationToken)
    {
        await using var source = await RecordPagesSource.StartAsync(cancellationToken);
        if (scenario.FreshServicesPerJob)
        {
            return await RunJobsAsync(scenario, source, async (label, urlTemplate, records, token) =>
            {
                await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: token);
                await using var services = await ServiceProcesses.StartAsync(azurite, apiKey, token);
                return await RunOnAsync(azurite, services, scenario, label, urlTemplate, records, token);
            }, cancellationToken);
        }

        await using var sharedAzurite = await AzuriteInstance.StartNewAsync(cancellationToken: cancellationToken);
        await using var sharedServices = await ServiceProcesses.StartAsync(sharedAzurite, apiKey, cancellationToken);
        return await RunJobsAsync(scenario, source, (label, urlTemplate, records, token) =>
            RunOnAsync(sharedAzurite, sharedServices, scenario, label, urlTemplate, records, token), cancellationToken);
    }

    private static async Task<RecordsResult> RunJobsAsync(
        RecordsScenario scenario, RecordPagesSource source, RunJob run, CancellationToken cancellationToken)
    {
        var off = new List<RecordsRun>();
        var on = new List<RecordsRun>();
        for (var round = 1; round <= scenario.Rounds; round++)
        {
            off.Add(await run($"A{round}", source.UrlTemplate(scenario.Days), null, cancellationToken));
            on.Add(await run($"B{round}", source.UrlTemplate(scenario.Days), RecordsJob.PartitionedParquet, cancellationToken));
        }

        var wide = await run("C", source.UrlTemplate(scenario.WideDays), RecordsJob.PartitionedParquet, cancellationToken);
        return new RecordsResult(scenario, off, on, wide);
    }

    private async Task<RecordsRun> RunOnAsync(
        AzuriteInstance azurite, ServiceProcesses services, RecordsScenario scenario, string label, string urlTemplate, object? records,
        CancellationToken cancellationToken)
    {
        Console.WriteLine($"{scenario.Name}: {label}...");
        var run = await new RecordsJob(azurite.CreateBlobServiceClient(), services, apiKey)
            .RunAsync(label, urlTemplate, scenario, records, cancellationToken);

        // Each run as soon as it is measured, so that a long run that is stopped half way still says something.
        Console.WriteLine(Describe(scenario, run));
        return run;
    }

    private static string Describe(RecordsScenario scenario, RecordsRun run)
    {
        var records = run.Records is { } written
            ? string.Create(CultureInfo.InvariantCulture, $"{written.Rows:N0} rows ({run.RowsPerSecond:F0}/s, {written.RowsWhenPagesEnded:N0} when the last page ended) in {written.Files} files over {written.Partitions} partitions, ")
            : "no records, ";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{scenario.Name}: {run.Label}: {run.Pages:N0} pages in {run.Elapsed.TotalSeconds:F1} s (the last page ended at {run.PagesEnded.TotalSeconds:F1} s), " +
            $"{run.PagesPerSecond:F0} pages/s, {records}" +
            $"silo CPU {run.SiloCpu.TotalSeconds:F1} s, silo peak RSS {run.SiloPeakRssBytes / (1024.0 * 1024):F0} MiB");
    }
}
