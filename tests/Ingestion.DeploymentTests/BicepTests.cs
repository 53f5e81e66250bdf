using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.DeploymentTests;

/// <summary>
/// The Bicep templates of infra/, compiled offline with the Bicep CLI, and what the storage template grants.
/// </summary>
public sealed partial class BicepTests
{
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    private static string StorageTemplate => Path.Combine(BuildInfo.InfraDirectory, "storage.bicep");

    public static TheoryData<string> BicepFiles() =>
        [.. Directory.EnumerateFiles(BuildInfo.InfraDirectory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(BuildInfo.RepositoryRoot, path))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Compiles_without_errors_or_warnings(string file)
    {
        var build = await Bicep.BuildAsync(Path.Combine(BuildInfo.RepositoryRoot, file));

        Assert.True(build.ExitCode == 0 && build.StandardError.Trim().Length == 0, build.Describe());
        Assert.IsType<JsonArray>(JsonNode.Parse(build.StandardOutput)?["resources"]);
    }

    [Fact]
    public async Task A_template_with_a_warning_fails_the_check()
    {
        // The check above relies on the CLI reporting linter warnings on stderr; this one makes sure it does.
        var directory = Directory.CreateTempSubdirectory("bicep-warning-");
        try
        {
            var file = Path.Combine(directory.FullName, "unused.bicep");
            await File.WriteAllTextAsync(file, "param unused string\n", TestContext.Current.CancellationToken);

            var build = await Bicep.BuildAsync(file);

            Assert.Contains("no-unused-params", build.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Infra_holds_modules_for_the_apphost_and_no_main_template()
    {
        var names = Directory.EnumerateFiles(BuildInfo.InfraDirectory).Select(Path.GetFileNameWithoutExtension);

        // With a main template in infra/, azd would deploy infra/ alone and leave out the Container Apps that it
        // generates from the AppHost's manifest.
        Assert.DoesNotContain(Azd.MainModuleName, names);
        Assert.True(File.Exists(StorageTemplate), $"{StorageTemplate} is missing.");
    }

    [Fact]
    public async Task The_storage_account_accepts_no_shared_key_and_no_anonymous_access()
    {
        var account = Assert.Single(Bicep.ResourcesOfType(await Bicep.CompileAsync(StorageTemplate), "Microsoft.Storage/storageAccounts"));
        var properties = account["properties"];

        Assert.False(properties?["allowSharedKeyAccess"]?.GetValue<bool>());
        Assert.False(properties?["allowBlobPublicAccess"]?.GetValue<bool>());
        Assert.True(properties?["supportsHttpsTrafficOnly"]?.GetValue<bool>());
        Assert.Equal("TLS1_2", properties?["minimumTlsVersion"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageBlobDataContributor)]
    [InlineData(StorageTableDataContributor)]
    public async Task The_principal_azd_passes_gets_a_data_role_on_the_account(string roleDefinition)
    {
        var template = await Bicep.CompileAsync(StorageTemplate);

        var assignment = Assert.Single(
            Bicep.ResourcesOfType(template, "Microsoft.Authorization/roleAssignments"),
            resource => RoleOf(template, resource) == roleDefinition);

        Assert.Equal("[parameters('principalId')]", assignment["properties"]?["principalId"]?.GetValue<string>());
        Assert.Equal("[parameters('principalType')]", assignment["properties"]?["principalType"]?.GetValue<string>());
        Assert.Contains("Microsoft.Storage/storageAccounts", assignment["scope"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_storage_template_outputs_endpoints_and_never_a_key()
    {
        var build = await Bicep.BuildAsync(StorageTemplate);
        var template = await Bicep.CompileAsync(StorageTemplate);
        var outputs = template["outputs"]?.AsObject() ?? [];

        Assert.Contains("blobEndpoint", outputs.Select(output => output.Key));
        Assert.Contains("tableEndpoint", outputs.Select(output => output.Key));
        Assert.DoesNotMatch(KeyFunctions(), build.StandardOutput);
        Assert.DoesNotContain(outputs, output => output.Key.Contains("key", StringComparison.OrdinalIgnoreCase)
            || output.Key.Contains("connectionString", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Application_insights_keeps_its_telemetry_in_a_log_analytics_workspace()
    {
        var template = await Bicep.CompileAsync(Path.Combine(BuildInfo.InfraDirectory, "monitoring.bicep"));

        var workspace = Assert.Single(Bicep.ResourcesOfType(template, "Microsoft.OperationalInsights/workspaces"));
        var appInsights = Assert.Single(Bicep.ResourcesOfType(template, "Microsoft.Insights/components"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", appInsights["properties"]?["WorkspaceResourceId"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(workspace["properties"]?["retentionInDays"]);
        Assert.DoesNotMatch(KeyFunctions(), template.ToJsonString());
    }


    /// <summary>The role definition GUID of an assignment, through the template's variables where it names one.</summary>
    private static string? RoleOf(JsonObject template, JsonObject assignment)
    {
        var roleDefinitionId = assignment["properties"]?["roleDefinitionId"]?.GetValue<string>() ?? "";
        if (VariableReference().Match(roleDefinitionId) is { Success: true } variable)
        {
            return template["variables"]?[variable.Groups["name"].Value]?.GetValue<string>();
        }

        return Guid().Match(roleDefinitionId) is { Success: true } guid ? guid.Value : null;
    }

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"listKeys|listAccountSas|listServiceSas|listConnectionStrings", RegexOptions.IgnoreCase)]
    private static partial Regex KeyFunctions();
}
