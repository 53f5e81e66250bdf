using System.Text.Json.Nodes;

[assembly: AssemblyFixture(typeof(Ingestion.DeploymentTests.AppHostManifest))]

namespace Ingestion.DeploymentTests;

/// <summary>
/// The AppHost's manifest, generated once the way <c>azd up</c> generates it: <c>dotnet run --project
/// Ingestion.AppHost.csproj --publisher manifest --output-path ...</c> from the AppHost directory, with node reuse
/// off and the Aspire CLI run hook suppressed. The AppHost is already built (the test project references it), so it
/// runs with <c>--no-build</c>.
/// </summary>
public sealed class AppHostManifest : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "ingestion-manifest-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The manifest's folder: its relative paths start here.</summary>
    public string Directory => _directory;

    public string FilePath => Path.Combine(_directory, "manifest.json");

    public JsonObject Resources { get; private set; } = [];

    internal ProcessResult Publisher { get; private set; } = null!;

    public JsonObject Resource(string name) =>
        Resources[name]?.AsObject() ?? throw new InvalidOperationException($"The manifest has no resource '{name}'.");

    public string TypeOf(string name) => Resource(name)["type"]?.GetValue<string>() ?? "";

    public IEnumerable<string> NamesOfType(IReadOnlySet<string> types) =>
        Resources.Where(resource => types.Contains(resource.Value?["type"]?.GetValue<string>() ?? "")).Select(resource => resource.Key);

    public JsonObject Env(string resourceName) => Resource(resourceName)["env"]?.AsObject() ?? [];

    public string? EnvValue(string resourceName, string variable) => Env(resourceName)[variable]?.GetValue<string>();

    /// <summary>A path of the manifest (project, Bicep file) as an absolute path.</summary>
    public string ResolvePath(string manifestRelativePath) => Path.GetFullPath(Path.Combine(_directory, manifestRelativePath));

    /// <summary>
    /// Follows <c>{x.connectionString}</c> and <c>{x.value}</c> references to what they finally stand for, the way azd
    /// evaluates them: <c>{blobs.connectionString}</c> becomes <c>{storage.outputs.blobEndpoint}</c>.
    /// </summary>
    public string Expand(string expression, int depth = 0)
    {
        if (depth > 10)
        {
            throw new InvalidOperationException($"References go round in circles at '{expression}'.");
        }

        var expanded = expression;
        foreach (var reference in ManifestExpressions.ReferencesIn(expression))
        {
            var target = Resources[reference.Resource]?.AsObject();
            var replacement = reference.Property switch
            {
                ["connectionString"] => target?["connectionString"]?.GetValue<string>(),
                ["value"] when target?["type"]?.GetValue<string>() is "value.v0" or "parameter.v0" => target["value"]?.GetValue<string>(),
                _ => null,
            };
            if (replacement is not null && replacement != reference.Text)
            {
                expanded = expanded.Replace(reference.Text, Expand(replacement, depth + 1), StringComparison.Ordinal);
            }
        }

        return expanded;
    }

    public ValueTask InitializeAsync() => PublishHereAsync(new Dictionary<string, string>(), TestContext.Current.CancellationToken);

    /// <summary>
    /// The manifest as published with <paramref name="configuration"/> in the AppHost's environment, the way a
    /// setting such as <c>Silos__Count=3 azd up</c> reaches it. Dispose of it when done.
    /// </summary>
    public static async Task<AppHostManifest> PublishAsync(
        IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        var manifest = new AppHostManifest();
        try
        {
            await manifest.PublishHereAsync(configuration, cancellationToken);
            return manifest;
        }
        catch
        {
            await manifest.DisposeAsync();
            throw;
        }
    }

    private async ValueTask PublishHereAsync(IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var appHostDirectory = Path.GetDirectoryName(BuildInfo.AppHostProject)!;

        var environment = new Dictionary<string, string>(configuration)
        {
            // As azd sets them (cli/azd/pkg/tools/dotnet/dotnet.go, PublishAppHostManifest).
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["ASPIRE_SUPPRESS_CLI_RUN_HOOK"] = "true",
        };

        Publisher = await ProcessRunner.RunAsync(
            DotNetHost(),
            [
                "run",
                "--project", Path.GetFileName(BuildInfo.AppHostProject),
                "--no-build",
                "--configuration", BuildInfo.Configuration,
                "--",
                "--publisher", "manifest",
                "--output-path", FilePath,
            ],
            appHostDirectory,
            PublishTimeout,
            environment,
            cancellationToken);

        if (Publisher.ExitCode != 0 || !File.Exists(FilePath))
        {
            throw new InvalidOperationException(
                $"The AppHost did not publish its manifest to {FilePath}. Is it built ({BuildInfo.Configuration})?" +
                $"{Environment.NewLine}{Publisher.Describe()}");
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(FilePath, cancellationToken));
        Resources = manifest?["resources"]?.AsObject()
            ?? throw new InvalidOperationException($"The manifest has no resources:{Environment.NewLine}{manifest}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The dotnet that runs the tests (set by the .NET SDK for the processes it starts), else the one on PATH.</summary>
    private static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
