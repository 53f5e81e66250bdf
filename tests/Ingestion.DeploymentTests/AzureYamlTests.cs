using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Ingestion.DeploymentTests;

/// <summary>
/// azure.yaml, which tells <c>azd up</c> what to deploy: valid against azd's schema, and the shape azd's Aspire flow
/// needs (one containerapp service, the AppHost project).
/// </summary>
public sealed partial class AzureYamlTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    [Fact]
    public void Azure_yaml_is_valid_against_the_azd_schema()
    {
        var results = Validate(File.ReadAllText(BuildInfo.AzureYaml));

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void The_schema_rejects_an_azure_yaml_that_azd_would_reject()
    {
        // A name with capitals and spaces, a service without a host: the check is not one that passes anything.
        const string broken = """
            name: Orleans Ingestion
            services:
              app:
                language: dotnet
                project: ./AppHost/Ingestion.AppHost.csproj
            """;

        Assert.False(Validate(broken).IsValid);
    }

    [Fact]
    public void Azure_yaml_deploys_the_apphost_as_its_one_container_app_service()
    {
        var document = YamlToJson.Convert(File.ReadAllText(BuildInfo.AzureYaml))?.AsObject();
        var services = document?["services"]?.AsObject();

        // azd's Aspire flow takes exactly one service, a dotnet project hosted as Container Apps (importer.go).
        var service = Assert.Single(services ?? []).Value;
        Assert.Equal("dotnet", service?["language"]?.GetValue<string>());
        Assert.Equal("containerapp", service?["host"]?.GetValue<string>());

        var project = Path.GetFullPath(Path.Combine(BuildInfo.RepositoryRoot, service?["project"]?.GetValue<string>() ?? ""));
        Assert.Equal(BuildInfo.AppHostProject, project);
        Assert.Contains("Sdk=\"Aspire.AppHost.Sdk", File.ReadAllText(project), StringComparison.Ordinal);

        // No infra section: infra/ holds modules of the AppHost's infrastructure, not a template of its own.
        Assert.Null(document?["infra"]);
    }

    private static EvaluationResults Validate(string yaml)
    {
        var instance = YamlToJson.Convert(yaml);
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>
    /// azd's schema, with the schemas it refers to by URL (the services of azd's AI extensions, under hosts such as
    /// <c>azure.ai.agent</c>) stood in for by schemas that accept anything: nothing is downloaded, and they only
    /// apply to services of those hosts.
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var text = File.ReadAllText(BuildInfo.AzureYamlSchema);
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        var external = ExternalReference().Matches(text).Select(match => match.Groups["uri"].Value).Distinct(StringComparer.Ordinal);
        foreach (var uri in external)
        {
            options.SchemaRegistry.Register(new Uri(uri), JsonSchema.FromText("{}", options, new Uri(uri)));
        }

        return JsonSchema.FromText(text, options);
    }

    [GeneratedRegex("\"\\$ref\"\\s*:\\s*\"(?<uri>https?://[^\"#]+)")]
    private static partial Regex ExternalReference();

    private static string Describe(EvaluationResults results) =>
        string.Join(
            Environment.NewLine,
            (results.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key}: {error.Value}")));
}
