using System.Security.Cryptography;
using Ingestion.Benchmarks;
using Ingestion.Testing;

// Usage: see BenchmarkOptions.Usage.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource(options.Timeout);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var token = cancellation.Token;

Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
if (BuildOutput.Configuration != BuildOutput.Release)
{
    Console.WriteLine($"Built in {BuildOutput.Configuration}: the silo, the API, the baseline and the AppHost run as built, so these figures say little. Run with -c Release.");
}

// One upstream for every page-fetching scenario, in this process: both sides fetch the same pages from it, and its CPU
// time is neither's.
await using var upstream = await UpstreamServer.StartNewAsync(token);
var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

var results = new List<ScenarioResult>();
foreach (var scenario in options.Scenarios())
{
    IServiceLauncher launcher = scenario.Host == ServiceHost.AppHost
        ? new AppHostLauncher()
        : new ProcessesLauncher(apiKey, new AzuriteOptions { MaxHeapMegabytes = scenario.AzuriteHeapMegabytes, BlobMetadataDatabase = options.AzuriteDatabase });
    var result = await new ScenarioRunner(upstream, launcher, options.WarmUp).RunAsync(
        scenario,
        scenario.Compared ? options.Rounds : 1,
        withBaseline: scenario.Compared && !options.ServiceOnly,
        token);
    results.Add(result);
    Console.Write(ScenarioReport.Render([result]));
}

var resync = options.Smoke ? ResyncScenario.Smoke : ResyncScenario.Full;
ResyncResult? resynced = null;
if (options.Selects(resync.Name))
{
    Console.WriteLine($"{resync.Name}...");
    await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: token);
    await using var services = await ServiceProcesses.StartAsync(azurite, apiKey, token);
    resynced = await new ResyncRunner(azurite, services, apiKey, options.WarmUp).RunAsync(resync, options.ServiceOnly, token);
    Console.Write(ResyncReport.Render(resynced));
}

var recordsScenario = options.Smoke ? RecordsScenario.Smoke : RecordsScenario.Full;
RecordsResult? records = null;
if (options.Selects(recordsScenario.Name))
{
    // Its own upstream; on a full run, a fresh Azurite, silo and API for each of its jobs (see RecordsRunner).
    Console.WriteLine($"{recordsScenario.Name}...");
    records = await new RecordsRunner(apiKey).RunAsync(recordsScenario, token);
    Console.Write(RecordsReport.Render(records));
}

IReadOnlyList<JobIndexRow> indexRows = [];
if (options.Selects("job-index"))
{
    // A fresh Azurite, so that the index holds this scenario's jobs only.
    Console.WriteLine("job-index...");
    await using var indexAzurite = await AzuriteInstance.StartNewAsync(cancellationToken: token);
    await using var services = await ServiceProcesses.StartAsync(indexAzurite, apiKey, token);
    indexRows = await new JobIndexRunner(indexAzurite, services, apiKey)
        .RunAsync(options.Smoke ? [120, 350] : [120, 2_050, 20_050], token);
}

Console.WriteLine();
if (results.Count > 0)
{
    Console.WriteLine(ScenarioReport.Render(results));
}

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

// The speed, CPU and memory targets belong to the full-size scenarios: smoke scenarios and --pages have none. That every
// record served was written is checked on every run.
var checks = results.SelectMany(TargetCheck.Of)
    .Concat(resynced is null ? [] : ResyncReport.Checks(resynced))
    .Concat(records is null ? [] : RecordsReport.Checks(records))
    .Concat(JobIndexReport.Checks(indexRows, full: !options.Smoke))
    .ToList();
foreach (var check in checks)
{
    Console.WriteLine(check);
}

return checks.All(check => check.Met) ? 0 : 1;
