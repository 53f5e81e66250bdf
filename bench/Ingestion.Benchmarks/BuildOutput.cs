using System.Reflection;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Where the programs the benchmark starts (the silo, the API, the baseline, the AppHost) were built: beside it, in the
/// configuration it was built in, as its project references build them. <c>dotnet run -c Release</c> builds them all in
/// Release; any other configuration makes figures that say little, and the benchmark says so when it starts.
/// </summary>
public static class BuildOutput
{
    public const string Release = "Release";

    public static string Configuration { get; } =
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "Configuration")?.Value ?? Release;

    /// <summary>The assembly of the project in <paramref name="projectDirectory"/> (relative to the repository root).</summary>
    public static string AssemblyOf(string projectDirectory, string assemblyName)
    {
        var dll = Path.Combine(RepositoryRoot.Find(), projectDirectory, "bin", Configuration, "net10.0", $"{assemblyName}.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} is missing: build the benchmark (it builds {assemblyName} too).", dll);
    }
}
