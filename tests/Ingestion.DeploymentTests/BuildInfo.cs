using System.Reflection;

namespace Ingestion.DeploymentTests;

/// <summary>What the build recorded for the tests (AssemblyMetadata in the csproj): where things are.</summary>
internal static class BuildInfo
{
    private const string SolutionFileName = "Orleans.sln";

    /// <summary>The repository checkout: azure.yaml, AppHost/, infra/.</summary>
    public static string RepositoryRoot { get; } = LocateRepositoryRoot();

    /// <summary>The build configuration of the tests, and so of the AppHost they reference.</summary>
    public static string Configuration { get; } = Metadata("Configuration") ?? "Debug";

    /// <summary>The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64.</summary>
    public static string BicepPath { get; } = LocateBicep();

    public static string AppHostProject => Path.Combine(RepositoryRoot, "AppHost", "Ingestion.AppHost.csproj");

    public static string InfraDirectory => Path.Combine(RepositoryRoot, "infra");

    public static string AzureYaml => Path.Combine(RepositoryRoot, "azure.yaml");

    public static string AzureYamlSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "azure.yaml.v1.json");

    private static string? Metadata(string key) =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value is { Length: > 0 } value ? value : null;

    private static string LocateRepositoryRoot()
    {
        if (Metadata("RepositoryRoot") is { } recorded && File.Exists(Path.Combine(recorded, SolutionFileName)))
        {
            return Path.GetFullPath(recorded);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }

    private static string LocateBicep()
    {
        string?[] recorded =
        [
            Metadata("BicepPath"),
            Metadata("BicepPackagePath") is { } package ? Path.Combine(package, "tools", "bicep") : null,
        ];

        // The package's props write the path with backslashes.
        var candidates = recorded
            .OfType<string>()
            .Select(path => Path.GetFullPath(path.Replace('\\', Path.DirectorySeparatorChar)))
            .ToList();

        var bicep = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "The Bicep CLI is missing: it comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
                $"(looked at: {string.Join(", ", candidates)}).");

        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the executable bit of package files.
            var mode = File.GetUnixFileMode(bicep);
            const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(bicep, mode | executable);
            }
        }

        return bicep;
    }
}
