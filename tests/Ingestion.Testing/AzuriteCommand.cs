using System.Diagnostics;

namespace Ingestion.Testing;

/// <summary>The command line that runs the repository's Azurite on given loopback ports.</summary>
internal sealed record AzuriteCommand(
    string AzuriteScript, string WatchdogScript, int BlobPort, int QueuePort, int TablePort, string? Location)
{
    private const string Loopback = "127.0.0.1";
    private const string WatchdogFileName = "azurite-watchdog.cjs";
    private const string BlobMetadataDatabaseVariable = "AZURITE_DB";

    /// <summary>Finds Azurite under <c>node_modules</c> of the repository and the watchdog beside this assembly.</summary>
    public static AzuriteCommand Create(
        string? repositoryRoot, int blobPort, int queuePort, int tablePort, string? location)
    {
        var root = repositoryRoot ?? RepositoryRoot.Find();
        var azuriteScript = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(azuriteScript))
        {
            throw new AzuriteStartException(
                $"Azurite is not installed: '{azuriteScript}' is missing. Run `npm ci` in the repository root ({root}).");
        }

        var watchdogScript = Path.Combine(AppContext.BaseDirectory, WatchdogFileName);
        if (!File.Exists(watchdogScript))
        {
            throw new AzuriteStartException(
                $"'{watchdogScript}' is missing: reference the Ingestion.Testing project so it is copied to the output.");
        }

        return new AzuriteCommand(azuriteScript, watchdogScript, blobPort, queuePort, tablePort, location);
    }

    public ProcessStartInfo ToStartInfo()
    {
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Without --location Azurite uses the working directory as its workspace.
            WorkingDirectory = Location ?? Path.GetTempPath(),
        };

        string[] arguments =
        [
            .. HeapArguments(),
            "--require", WatchdogScript,
            AzuriteScript,
            .. PersistenceArguments(),
            "--skipApiVersionCheck",
            "--loose",
            "--silent",
            // Azurite sends telemetry by default; the tests must stay on loopback.
            "--disableTelemetry",
            "--blobHost", Loopback, "--blobPort", $"{BlobPort}",
            "--queueHost", Loopback, "--queuePort", $"{QueuePort}",
            "--tableHost", Loopback, "--tablePort", $"{TablePort}",
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Set or removed, never inherited: a database in the caller's environment must not change an Azurite asked to run in memory.
        if (BlobMetadataDatabase is not null)
        {
            startInfo.Environment[BlobMetadataDatabaseVariable] = BlobMetadataDatabase;
        }
        else
        {
            startInfo.Environment.Remove(BlobMetadataDatabaseVariable);
        }

        return startInfo;
    }

    /// <summary>The SQL database for blob metadata, when one is set (Azurite reads it from <c>AZURITE_DB</c>).</summary>
    public string? BlobMetadataDatabase { get; init; }

    /// <summary>Node's heap limit, when one is set.</summary>
    public int? MaxHeapMegabytes { get; init; }

    private string[] HeapArguments() => MaxHeapMegabytes is { } megabytes ? [$"--max-old-space-size={megabytes}"] : [];

    private string[] PersistenceArguments() => Location is null ? ["--inMemoryPersistence"] : ["--location", Location];
}
