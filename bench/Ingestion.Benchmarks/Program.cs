using System.Security.Cryptography;
using Ingestion.Benchmarks;
using Ingestion.Testing;

// Usage: dotnet run -c Release --project bench/Ingestion.Benchmarks [-- --smoke] [--scenario NAME] [--service-only]
var smoke = args.Contains("--smoke");

// Skips the baseline: quicker when looking into the service alone (no ratio then).
var serviceOnly = args.Contains("--service-only");
var only = args.SkipWhile(arg => arg != "--scenario").Skip(1).FirstOrDefault();
var scenarios = (smoke ? Scenario.Smoke : Scenario.All)
    .Where(scenario => only is null || scenario.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase))
    .ToList();

using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(smoke ? 5 : 60));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var token = cancellation.Token;

Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: token);
await using var upstream = await UpstreamServer.StartNewAsync(token);
var blobs = azurite.CreateBlobServiceClient();
var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

var rows = new List<(Scenario, RunResult, RunResult?)>();
foreach (var scenario in scenarios)
{
    upstream.BodySize = scenario.BodySize;
    upstream.GlobalDelay = scenario.UpstreamDelay;

    RunResult? baseline = null;
    if (!serviceOnly)
    {
        Console.WriteLine($"{scenario.Name}: baseline...");
        baseline = await new BaselineRunner(page => upstream.PageUrl(page), blobs).RunAsync(scenario, token);
    }

    // A fresh silo per scenario, so that its peak memory is this scenario's.
    Console.WriteLine($"{scenario.Name}: service...");
    await using (var services = await ServiceProcesses.StartAsync(azurite, apiKey, token))
    {
        var service = await new ServiceRunner(upstream, blobs, services, apiKey).RunAsync(scenario, token);
        rows.Add((scenario, service, baseline));
    }

    // Each row as soon as it is measured, so that a long run that is stopped half way still says something.
    Console.WriteLine($"{scenario.Name}: done.");
    Console.Write(ReportTable.Render(rows.TakeLast(1)));
}

var resync = smoke ? ResyncScenario.Smoke : ResyncScenario.Full;
ResyncResult? resynced = null;
if (only is null || resync.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase))
{
    Console.WriteLine($"{resync.Name}...");
    await using var services = await ServiceProcesses.StartAsync(azurite, apiKey, token);
    resynced = await new ResyncRunner(blobs, services, apiKey).RunAsync(resync, serviceOnly, token);
    Console.Write(ResyncReport.Render(resynced));
}

var recordsScenario = smoke ? RecordsScenario.Smoke : RecordsScenario.Full;
RecordsResult? records = null;
if (only is null || recordsScenario.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase))
{
    // Its own upstream; on a full run, a fresh Azurite, silo and API for each of its jobs (see RecordsRunner).
    Console.WriteLine($"{recordsScenario.Name}...");
    records = await new RecordsRunner(apiKey).RunAsync(recordsScenario, token);
    Console.Write(RecordsReport.Render(records));
}

IReadOnlyList<JobIndexRow> indexRows = [];
if (only is null || "job-index".StartsWith(only, StringComparison.OrdinalIgnoreCase))
{
    // A fresh Azurite, so that the index holds this scenario's jobs only.
    Console.WriteLine("job-index...");
    await using var indexAzurite = await AzuriteInstance.StartNewAsync(cancellationToken: token);
    await using var services = await ServiceProcesses.StartAsync(indexAzurite, apiKey, token);
    indexRows = await new JobIndexRunner(indexAzurite, services, apiKey)
        .RunAsync(smoke ? [120, 350] : [120, 2_050, 20_050], token);
}

Console.WriteLine();
Console.WriteLine(ReportTable.Render(rows));
if (indexRows.Count > 0)
{
    Console.WriteLine(JobIndexReport.Render(indexRows));
}

if (resynced is not null)
{
    Console.WriteLine(ResyncReport.Render(resynced));
}

if (records is not null)
{
    Console.WriteLine(RecordsReport.Render(records));
}

// The speed and memory targets are checked on full runs only: a smoke run is too small to say anything about them. That
// every record served was written is checked on every run.
var checks = rows.SelectMany(row => TargetCheck.Of(row.Item1, row.Item2, row.Item3))
    .Concat(resynced is null ? [] : ResyncReport.Checks(resynced))
    .Concat(records is null ? [] : RecordsReport.Checks(records))
    .Concat(JobIndexReport.Checks(indexRows, full: !smoke))
    .ToList();
foreach (var check in checks)
{
    Console.WriteLine(check);
}

return checks.All(check => check.Met) ? 0 : 1;
