using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The silo and the API as the AppHost runs them (separate processes, Orleans clustering, grain state and reminders in
/// Azurite), started from their build output so that the silo's CPU time and peak memory can be measured on their own.
/// </summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly Process _silo;
    private readonly Process _api;

    private ServiceProcesses(Process silo, Process api, string apiBaseUrl)
    {
        _silo = silo;
        _api = api;
        ApiBaseUrl = apiBaseUrl;
    }

    public string ApiBaseUrl { get; }

    public Process Silo => _silo;

    public static async Task<ServiceProcesses> StartAsync(AzuriteInstance azurite, string apiKey, CancellationToken cancellationToken)
    {
        var ports = FreeTcpPorts.Pick(4);
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__blobs"] = azurite.ConnectionString,
            ["ConnectionStrings__tables"] = azurite.ConnectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = "ingestion-bench",
            ["Orleans__Clustering__ProviderType"] = "AzureTableStorage",
            ["Orleans__Clustering__ServiceKey"] = "tables",
            ["Ingestion__Outbound__AllowPrivateNetworks"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };

        var silo = Start("Ingestion.Silo", new Dictionary<string, string>(shared)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
            ["Orleans__GrainStorage__jobs__ProviderType"] = "AzureBlobStorage",
            ["Orleans__GrainStorage__jobs__ServiceKey"] = "blobs",
            ["Orleans__Reminders__ProviderType"] = "AzureTableStorage",
            ["Orleans__Reminders__ServiceKey"] = "tables",
            ["Orleans__Endpoints__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        });
        await WaitHealthyAsync($"http://127.0.0.1:{ports[0]}/health", silo, cancellationToken);

        var apiBaseUrl = $"http://127.0.0.1:{ports[3]}";
        var api = Start("Ingestion.Api", new Dictionary<string, string>(shared)
        {
            ["ASPNETCORE_URLS"] = apiBaseUrl,
            ["Ingestion__Api__Key"] = apiKey,
        });
        await WaitHealthyAsync($"{apiBaseUrl}/health", api, cancellationToken);
        return new ServiceProcesses(silo, api, apiBaseUrl);
    }

    /// <summary>The silo's CPU time so far.</summary>
    public TimeSpan SiloCpuTime()
    {
        _silo.Refresh();
        return _silo.TotalProcessorTime;
    }

    /// <summary>The silo's peak resident set (VmHWM), where the OS reports it.</summary>
    public long? SiloPeakRssBytes()
    {
        var status = $"/proc/{_silo.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.TryParse(kilobytes, CultureInfo.InvariantCulture, out var value) ? value * 1024 : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _api, _silo })
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private static Process Start(string project, Dictionary<string, string> environment)
    {
        var dll = Path.Combine(RepositoryRoot.Find(), "src", project, "bin", BuildConfiguration(), "net10.0", $"{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the benchmark (it builds {project} too).", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start.");

        // Drain the output so the process never blocks on a full pipe: all of it to a log file, errors to the console
        // too. Each stream ends with a null line; the file is closed once both have.
        var log = TextWriter.Synchronized(new StreamWriter(LogPath(project, process.Id)) { AutoFlush = true });
        var open = 2;
        void Write(string? line, bool isError)
        {
            if (line is null)
            {
                if (Interlocked.Decrement(ref open) == 0)
                {
                    log.Dispose();
                }

                return;
            }

            log.WriteLine(line);
            if (isError && line.Length > 0)
            {
                Console.Error.WriteLine($"[{project}] {line}");
            }
        }

        process.OutputDataReceived += (_, line) => Write(line.Data, isError: false);
        process.ErrorDataReceived += (_, line) => Write(line.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Where a process's output goes: the temporary directory's <c>ingestion-bench</c> folder.</summary>
    private static string LogPath(string project, int processId)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-bench"));
        return Path.Combine(directory.FullName, $"{project}-{processId}.log");
    }

    private static async Task WaitHealthyAsync(string url, Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{url}: the process exited with code {process.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{url} did not become healthy within a minute.");
    }

    private static string BuildConfiguration() =>
        typeof(ServiceProcesses).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "Configuration")?.Value ?? "Release";
}
