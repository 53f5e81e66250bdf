using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// Application Insights for a deployment, provisioned by <c>infra/monitoring.bicep</c>: the silos and the API get its
/// connection string as <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> and export their telemetry to Azure Monitor.
/// </summary>
public static class AzureMonitoringExtensions
{
    /// <summary>The setting the Azure Monitor exporter reads, and that the services' telemetry looks for.</summary>
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The module's output, as declared in infra/monitoring.bicep.</summary>
    public const string ConnectionStringOutput = "connectionString";

    /// <summary>The module's Log Analytics workspace, which also keeps the containers' logs.</summary>
    public const string WorkspaceIdOutput = "workspaceId";

    public static IResourceBuilder<AzureBicepModuleResource> AddAzureMonitoring(
        this IDistributedApplicationBuilder builder, string name, string repositoryRoot)
    {
        var monitoring = AzureBicepModuleResource.FromInfra(name, repositoryRoot, "monitoring.bicep", new Dictionary<string, string>());
        return builder.AddResource(monitoring)
            .WithManifestPublishingCallback(monitoring.WriteToManifest);
    }

    /// <summary>The service exports its telemetry to the Application Insights of <paramref name="monitoring"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithAzureMonitoring(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<AzureBicepModuleResource> monitoring) =>
        service.WithEnvironment(
            ConnectionStringVariable,
            ReferenceExpression.Create($"{monitoring.Resource.GetOutput(ConnectionStringOutput)}"));
}
