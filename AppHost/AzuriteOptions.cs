namespace Ingestion.AppHost;

/// <summary>
/// The <c>Azurite</c> configuration section of the AppHost (appsettings.json, command line, environment).
/// </summary>
public sealed class AzuriteOptions
{
    public const string SectionName = "Azurite";

    public int BlobPort { get; set; } = 10000;

    public int QueuePort { get; set; } = 10001;

    public int TablePort { get; set; } = 10002;

    /// <summary>Where Azurite keeps its data; relative paths are taken from the repository root. Default: <c>.azurite</c>.</summary>
    public string? DataPath { get; set; }

    /// <summary>Keeps everything in memory (fast, nothing left behind): for tests and benchmarks.</summary>
    public bool InMemory { get; set; }

    public string ResolveDataPath(string repositoryRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataPath) ? ".azurite" : DataPath, repositoryRoot);
}
