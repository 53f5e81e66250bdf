using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Ingestion.DeploymentTests;

/// <summary>The Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64), which compiles templates offline.</summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessResult>>> Builds = new(StringComparer.Ordinal);

    /// <summary><c>bicep build file --stdout</c>: the ARM template on stdout, diagnostics on stderr. Once per file.</summary>
    public static Task<ProcessResult> BuildAsync(string bicepFile)
    {
        var path = Path.GetFullPath(bicepFile);
        return Builds.GetOrAdd(path, key => new Lazy<Task<ProcessResult>>(() => RunBuildAsync(key))).Value;
    }

    /// <summary>The compiled ARM template of a file that must compile cleanly.</summary>
    public static async Task<JsonObject> CompileAsync(string bicepFile)
    {
        var build = await BuildAsync(bicepFile);
        if (build.ExitCode != 0 || build.StandardError.Trim().Length > 0)
        {
            throw new InvalidOperationException($"{bicepFile} does not compile cleanly:{Environment.NewLine}{build.Describe()}");
        }

        return JsonNode.Parse(build.StandardOutput)?.AsObject()
            ?? throw new InvalidOperationException($"bicep build {bicepFile} wrote no template.");
    }

    private static Task<ProcessResult> RunBuildAsync(string path) =>
        ProcessRunner.RunAsync(
            BuildInfo.BicepPath,
            ["build", path, "--stdout"],
            Path.GetDirectoryName(path)!,
            Timeout,
            // No telemetry, no first-run notice on stderr.
            new Dictionary<string, string> { ["BICEP_TELEMETRY_ENABLED"] = "false" });
}
