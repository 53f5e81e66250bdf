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
    /// What <c>azd deploy</c> does with a project's deployment, evaluated offline: a <c>main.bicepparam</c> that assigns
    /// <paramref name="parameters"/> (Bicep literals, as azd writes them) to a copy of the module beside it, run through
    /// <c>bicep snapshot</c>, which evaluates the template as Azure Resource Manager would and predicts the resources it
    /// deploys. It fails on a parameter the module lacks, a required one left out, or an expression that cannot be
    /// evaluated with those values.
    /// </summary>
    public static async Task<JsonObject> SnapshotAsync(
        string bicepFile, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("bicep-snapshot-");
        try
        {
            var module = Path.GetFileName(bicepFile);
            File.Copy(bicepFile, Path.Combine(directory.FullName, module));
            var paramFile = Path.Combine(directory.FullName, "main.bicepparam");
            await File.WriteAllLinesAsync(
                paramFile,
                [$"using './{module}'", .. parameters.Select(parameter => $"param {parameter.Key} = {parameter.Value}")],
                cancellationToken);

            var run = await ProcessRunner.RunAsync(
                BuildInfo.BicepPath,
                [
                    "snapshot", paramFile,
                    "--subscription-id", SampleSubscription,
                    "--resource-group", SampleResourceGroup,
                    "--location", SampleLocation,
                ],
                directory.FullName,
                Timeout,
                new Dictionary<string, string> { ["BICEP_TELEMETRY_ENABLED"] = "false" },
                cancellationToken);
            var snapshot = Path.ChangeExtension(paramFile, ".snapshot.json");
            if (run.ExitCode != 0 || run.StandardError.Trim().Length > 0 || !File.Exists(snapshot))
            {
                throw new InvalidOperationException(
                    $"{module} does not deploy with these parameters:{Environment.NewLine}{string.Join(Environment.NewLine, parameters)}{Environment.NewLine}{run.Describe()}");
            }

            return JsonNode.Parse(await File.ReadAllTextAsync(snapshot, cancellationToken))?.AsObject()
                ?? throw new InvalidOperationException($"bicep snapshot wrote nothing for {module}.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The resources of a compiled template of one type.</summary>
    public static IEnumerable<JsonObject> ResourcesOfType(JsonObject template, string type) =>
        (template["resources"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(resource => resource["type"]?.GetValue<string>() == type);

    public const string SampleSubscription = "00000000-0000-0000-0000-000000000000";
    public const string SampleResourceGroup = "rg-ingestion";
    public const string SampleLocation = "westeurope";

    private static Task<ProcessResult> RunBuildAsync(string path) =>
        ProcessRunner.RunAsync(
            BuildInfo.BicepPath,
            ["build", path, "--stdout"],
            Path.GetDirectoryName(path)!,
            Timeout,
            // No telemetry, no first-run notice on stderr.
            new Dictionary<string, string> { ["BICEP_TELEMETRY_ENABLED"] = "false" });
}
