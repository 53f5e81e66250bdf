using System.Diagnostics;
using System.Globalization;
using Ingestion.Baseline;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The service as a user runs it: the AppHost's build output started as <c>dotnet Ingestion.AppHost.dll</c> with its
/// defaults (two silos, the API, the Aspire dashboard collecting their traces, metrics and logs, the Orleans Dashboard),
/// except that everything listens on free ports of this run's own and Azurite keeps its data in memory
/// (<c>--Azurite:InMemory=true</c>), so that each run starts on an empty emulator and none touches another AppHost on the
/// machine. The API key is the one the AppHost prints (<c>export INGEST_API_KEY=...</c>) once the API is ready, generated
/// into a user-secrets store of the run's own (<see cref="AppHostUserSecrets"/>).
/// </summary>
public sealed class AppHostService : IRunningService
{
    private const string ExportLinePrefix = "export INGEST_API_KEY=";
    private const string ProgramName = "Ingestion.AppHost";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Process _appHost;
    private readonly string _userSecretsId;
    private readonly AppHostProcesses _processes;
    private readonly IReadOnlyDictionary<int, IReadOnlyList<string>> _commandLines;

    private AppHostService(Process appHost, string userSecretsId, AppHostProcesses processes, string apiBaseUrl, string apiKey, string storage)
    {
        _appHost = appHost;
        _userSecretsId = userSecretsId;
        _processes = processes;
        _commandLines = CommandLinesOf(processes);
        ApiBaseUrl = apiBaseUrl;
        ApiKey = apiKey;
        StorageConnectionString = storage;
    }

    public string ApiBaseUrl { get; }

    public string ApiKey { get; }

    public string StorageConnectionString { get; }

    /// <summary>The number of silos the AppHost started.</summary>
    public int SiloCount => _processes.Silos.Count;

    public static async Task<AppHostService> StartAsync(CancellationToken cancellationToken)
    {
        var ports = FreeTcpPorts.Pick(7).Select(port => port.ToString(CultureInfo.InvariantCulture)).ToArray();
        var userSecretsId = AppHostUserSecrets.NewId();
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var appHost = ChildProcess.StartDotnet(
            BuildOutput.AssemblyOf("AppHost", ProgramName),
            [
                $"--Azurite:BlobPort={ports[0]}",
                $"--Azurite:QueuePort={ports[1]}",
                $"--Azurite:TablePort={ports[2]}",
                "--Azurite:InMemory=true",
                $"--Api:Port={ports[3]}",
                $"--{AppHostUserSecrets.IdKey}={userSecretsId}",
            ],
            new Dictionary<string, string?>
            {
                // What the AppHost's http launch profile sets, on this run's ports.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[4]}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports[5]}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{ports[6]}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            },
            ProgramName,
            line =>
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith(ExportLinePrefix, StringComparison.Ordinal))
                {
                    announced.TrySetResult(trimmed[ExportLinePrefix.Length..].Trim('\''));
                }
            });

        try
        {
            var apiKey = await WaitForKeyAsync(appHost, announced.Task, cancellationToken);
            var processes = await FindProcessesAsync(appHost, cancellationToken);
            var storage =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};" +
                $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{AzuriteInstance.AccountName};" +
                $"QueueEndpoint=http://127.0.0.1:{ports[1]}/{AzuriteInstance.AccountName};" +
                $"TableEndpoint=http://127.0.0.1:{ports[2]}/{AzuriteInstance.AccountName};";
            return new AppHostService(appHost, userSecretsId, processes, $"http://localhost:{ports[3]}", apiKey, storage);
        }
        catch
        {
            var started = AppHostProcesses.Find(appHost.Id);
            await StopAsync(appHost, started, CommandLinesOf(started));
            appHost.Dispose();
            AppHostUserSecrets.Delete(userSecretsId);
            throw;
        }
    }

    /// <summary>The CPU time of the Azurite the AppHost runs.</summary>
    public TimeSpan StorageCpuTime() => CpuOf(_processes.Storage);

    /// <summary>The silos' and the API's CPU time together, the largest silo's and the API's peak memory, and the dashboard's CPU time.</summary>
    public ServiceUsage Usage()
    {
        static long? Peak(IEnumerable<int> ids) => ids.Select(PeakResidentSet.BytesOf).Max();
        IReadOnlyList<KeyValuePair<string, TimeSpan>> byProcess =
        [
            .. _processes.Silos.Select((id, index) => KeyValuePair.Create($"silo {index + 1}", ProcessCpuTime.Of(id))),
            KeyValuePair.Create("API", CpuOf(_processes.Apis)),
        ];
        return new ServiceUsage(
            byProcess,
            Peak(_processes.Silos),
            Peak(_processes.Apis),
            _processes.Dashboards.Count > 0 ? CpuOf(_processes.Dashboards) : null);
    }

    private static TimeSpan CpuOf(IEnumerable<int> processIds) =>
        processIds.Aggregate(TimeSpan.Zero, (sum, id) => sum + ProcessCpuTime.Of(id));

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_appHost, _processes, _commandLines);
        _appHost.Dispose();
        AppHostUserSecrets.Delete(_userSecretsId);
    }

    private static async Task<string> WaitForKeyAsync(Process appHost, Task<string> announced, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = appHost.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(announced, exited);
        if (first == announced)
        {
            // Ends the wait for the AppHost's exit, which has nothing more to say.
            await timeout.CancelAsync();
            return await announced;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw appHost.HasExited
            ? new InvalidOperationException($"The AppHost exited with code {appHost.ExitCode} before its API was ready: see its log in {Path.GetTempPath()}ingestion-bench.")
            : new TimeoutException(
                $"The AppHost's API was not ready within {StartTimeout.TotalMinutes:F0} minutes; running: {AppHostProcesses.Find(appHost.Id).Describe()}.");
    }

    /// <summary>The silos and the API are running once the API is announced; their programs may take a moment to show below <c>dotnet run</c>.</summary>
    private static async Task<AppHostProcesses> FindProcessesAsync(Process appHost, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var processes = AppHostProcesses.Find(appHost.Id);
            if (processes is { Silos.Count: > 0, Apis.Count: 1 })
            {
                Console.WriteLine(
                    $"  AppHost {appHost.Id}: {processes.Silos.Count} silos ({string.Join(", ", processes.Silos)}), API {processes.Apis[0]}, " +
                    $"dashboard {string.Join(", ", processes.Dashboards)}");
                return processes;
            }

            if (attempt == 40)
            {
                throw new InvalidOperationException(
                    $"The AppHost's silos and API were not found below its orchestrator: {processes.Silos.Count} silos, {processes.Apis.Count} APIs.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Stops the AppHost as Ctrl+C does, so that its orchestrator stops what it started, and waits for that; kills the
    /// AppHost if it does not stop in time, and then any of its processes still running (those whose command line is
    /// still the one they had, so never a process that took a freed id).
    /// </summary>
    private static async Task StopAsync(Process appHost, AppHostProcesses processes, IReadOnlyDictionary<int, IReadOnlyList<string>> commandLines)
    {
        TerminationSignal.Send(appHost);
        using (var stopping = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await appHost.WaitForExitAsync(stopping.Token);
                while (!stopping.IsCancellationRequested && Remaining(processes, commandLines).Any())
                {
                    await Task.Delay(PollInterval, stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped below.
            }
        }

        await ChildProcess.StopAsync(appHost);
        foreach (var id in Remaining(processes, commandLines))
        {
            try
            {
                using var leftover = Process.GetProcessById(id);
                leftover.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile.
            }
        }
    }

    private static Dictionary<int, IReadOnlyList<string>> CommandLinesOf(AppHostProcesses processes)
    {
        var table = ProcessTable.Read();
        return processes.All.ToDictionary(id => id, table.CommandLineOf);
    }

    private static IEnumerable<int> Remaining(AppHostProcesses processes, IReadOnlyDictionary<int, IReadOnlyList<string>> commandLines)
    {
        var table = ProcessTable.Read();
        return processes.All.Where(id => commandLines.TryGetValue(id, out var commandLine) && table.CommandLineOf(id).SequenceEqual(commandLine));
    }
}
