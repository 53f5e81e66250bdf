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

    /// <summary>
    /// What <c>azd deploy</c> does with a project's deployment: a <c>main.bicepparam</c> that assigns
    /// <paramref name="parameters"/> to the module, beside a copy of the module in a folder of its own, built with
    /// <c>bicep build-params</c>. It fails on a parameter the module lacks, a required one left out or a wrong type.
    /// </summary>
    public static async Task<ProcessResult> BuildParamsAsync(
        string bicepFile, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bicepparam-");
        try
        {
            var module = Path.GetFileName(bicepFile);
            File.Copy(bicepFile, Path.Combine(directory.FullName, module));
            var lines = parameters.Select(parameter => $"param {parameter.Key} = '{parameter.Value.Replace("'", "\\'", StringComparison.Ordinal)}'");
            var paramFile = Path.Combine(directory.FullName, "main.bicepparam");
            await File.WriteAllLinesAsync(paramFile, [$"using './{module}'", .. lines], cancellationToken);

            return await ProcessRunner.RunAsync(
                BuildInfo.BicepPath,
                ["build-params", paramFile, "--stdout"],
                directory.FullName,
                Timeout,
                new Dictionary<string, string> { ["BICEP_TELEMETRY_ENABLED"] = "false" },
                cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
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
