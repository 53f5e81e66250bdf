namespace Ingestion.DeploymentTests;

/// <summary>
/// What the Azure Developer CLI accepts in an Aspire manifest, as its source has it (cli/azd/pkg/apphost: manifest.go,
/// generate.go, aca_ingress.go). The tests hold the manifest to these rules, since azd itself cannot run here.
/// </summary>
internal static class Azd
{
    /// <summary>The resource types azd turns into infrastructure; any other fails <c>azd up</c>.</summary>
    public static readonly IReadOnlySet<string> SupportedResourceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "project.v0", "project.v1",
        "container.v0", "container.v1",
        "dockerfile.v0",
        "dapr.v0", "dapr.component.v0",
        "parameter.v0", "value.v0", "annotated.string",
        "azure.bicep.v0", "azure.bicep.v1",
    };

    public static readonly IReadOnlySet<string> BicepResourceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "azure.bicep.v0", "azure.bicep.v1",
    };

    public static readonly IReadOnlySet<string> ProjectResourceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "project.v0", "project.v1",
    };

    /// <summary>
    /// Module parameters that azd fills in when the manifest gives them as an empty string (principalId and
    /// principalType become its managed identity). Any other empty parameter would reach Azure as ''.
    /// </summary>
    public static readonly IReadOnlySet<string> InjectedBicepParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "principalId", "principalType", "principalName", "keyVaultName",
        "logAnalyticsWorkspaceId", "containerAppEnvironmentName", "containerAppEnvironmentId",
    };

    /// <summary>azd passes its own location to every module that the manifest does not give one.</summary>
    public const string LocationParameter = "location";

    /// <summary>
    /// A module parameter <c>userPrincipalId: ""</c> tells azd that the AppHost provisions its own Container Apps
    /// environment (Aspire.Hosting.Azure.AppContainers), which this AppHost does not.
    /// </summary>
    public const string AppHostOwnsComputeParameter = "userPrincipalId";

    /// <summary>The binding properties that <c>{resource.bindings.name.property}</c> may name.</summary>
    public static readonly IReadOnlySet<string> BindingProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "scheme", "protocol", "transport", "external", "host", "targetPort", "port", "url",
    };

    /// <summary>
    /// The outputs of the infrastructure azd generates for an AppHost (main.bicep, from resources.bicep), which a
    /// project's deployment parameters may name as <c>{.outputs.NAME}</c>.
    /// </summary>
    public static readonly IReadOnlySet<string> GeneratedOutputs = new HashSet<string>(StringComparer.Ordinal)
    {
        "MANAGED_IDENTITY_CLIENT_ID", "MANAGED_IDENTITY_NAME",
        "AZURE_LOG_ANALYTICS_WORKSPACE_NAME",
        "AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID", "AZURE_CONTAINER_REGISTRY_NAME",
        "AZURE_CONTAINER_APPS_ENVIRONMENT_NAME", "AZURE_CONTAINER_APPS_ENVIRONMENT_ID", "AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN",
    };

    /// <summary>The properties of a project that its deployment parameters may name (evalBindingRef).</summary>
    public static readonly IReadOnlySet<string> ProjectProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "containerImage", "containerPort",
    };

    /// <summary>The deployment types azd deploys a <c>project.v1</c> with.</summary>
    public static readonly IReadOnlySet<string> DeploymentTypes = BicepResourceTypes;

    /// <summary>Azure Container Apps reserves this TCP port in every environment.</summary>
    public const int ReservedTcpPort = 36985;

    /// <summary>Azure Container Apps allows up to this many ports besides the main ingress.</summary>
    public const int MaxAdditionalPorts = 5;

    /// <summary>azd uses <c>infra/</c> as the whole infrastructure, and ignores the AppHost's, if it holds this module.</summary>
    public const string MainModuleName = "main";
}
