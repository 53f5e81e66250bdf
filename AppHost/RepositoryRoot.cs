using System.Reflection;

namespace Ingestion.AppHost;

/// <summary>
/// Finds the repository root, where node_modules/azurite and the .azurite data folder live.
/// </summary>
public static class RepositoryRoot
{
    private const string MetadataKey = "RepositoryRoot";
    private const string Marker = "Orleans.sln";

    /// <summary>
    /// Prefers the path recorded at build time (AssemblyMetadata in the csproj), which holds however the AppHost is
    /// started (dotnet run, Aspire.Hosting.Testing); falls back to walking up from the AppHost directory, e.g. when
    /// the built output was copied elsewhere.
    /// </summary>
    public static string Locate(string appHostDirectory)
    {
        var recorded = typeof(RepositoryRoot).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataKey)?.Value;

        if (!string.IsNullOrWhiteSpace(recorded) && File.Exists(Path.Combine(recorded, Marker)))
        {
            return Path.GetFullPath(recorded);
        }

        for (var directory = new DirectoryInfo(appHostDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root ({Marker}) from the build metadata or above '{appHostDirectory}'.");
    }
}
