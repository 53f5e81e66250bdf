using Aspire.Hosting.ApplicationModel;
using System.Globalization;

namespace Ingestion.AppHost;

/// <summary>
/// Publish mode: the cluster on Azure Container Apps in the shape the Orleans documentation gives. Every silo is a
/// Container App of its own with exactly one replica, in an internal, VNet-integrated environment, with its own port
/// pair on that environment's private IP; the API is public, in a second environment of the same virtual network
/// (infra/network.bicep).
/// </summary>
/// <remarks>
/// azd would generate one Container App per project, in an environment without a virtual network, with no maximum of
/// replicas and without the exposed TCP ports a silo needs. So each project names a Bicep module of infra/ as its
/// deployment (<c>project.v1</c> in the manifest): <c>azd deploy</c> builds and pushes its image, then deploys that
/// module with the parameters given here, which azd fills in from the provisioned resources.
/// </remarks>
public sealed class ContainerAppsDeployment
{
    /// <summary>The network module's outputs, as declared in infra/network.bicep.</summary>
    public const string SiloEnvironmentOutput = "siloEnvironmentId";
    public const string SiloStaticIpOutput = "siloStaticIp";
    public const string ApiEnvironmentOutput = "apiEnvironmentId";

    private readonly IResourceBuilder<AzureBicepModuleResource> _network;
    private readonly IResourceBuilder<AzureBicepModuleResource> _monitoring;
    private readonly IngestionStorage _storage;
    private readonly IResourceBuilder<ParameterResource> _clusterId;
    private readonly string _serviceId;
    private readonly string _repositoryRoot;

    private ContainerAppsDeployment(
        IResourceBuilder<AzureBicepModuleResource> network,
        IResourceBuilder<AzureBicepModuleResource> monitoring,
        IngestionStorage storage,
        IResourceBuilder<ParameterResource> clusterId,
        string serviceId,
        string repositoryRoot)
    {
        _network = network;
        _monitoring = monitoring;
        _storage = storage;
        _clusterId = clusterId;
        _serviceId = serviceId;
        _repositoryRoot = repositoryRoot;
    }

    /// <summary>Adds the network (the <paramref name="name"/> module, infra/network.bicep) the apps are deployed to.</summary>
    public static ContainerAppsDeployment Add(
        IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<AzureBicepModuleResource> monitoring,
        IngestionStorage storage,
        IResourceBuilder<ParameterResource> clusterId,
        string serviceId)
    {
        var repositoryRoot = RepositoryRoot.Locate(builder.AppHostDirectory);
        var network = AzureBicepModuleResource.FromInfra(name, repositoryRoot, "network.bicep", new Dictionary<string, string>
        {
            ["logAnalyticsWorkspaceId"] = monitoring.Resource.GetOutput(AzureMonitoringExtensions.WorkspaceIdOutput).ValueExpression,
        });

        return new ContainerAppsDeployment(
            builder.AddResource(network).WithManifestPublishingCallback(network.WriteToManifest),
            monitoring,
            storage,
            clusterId,
            serviceId,
            repositoryRoot);
    }

    /// <summary>Silo <paramref name="number"/> (from 1) as a Container App of infra/silo-app.bicep.</summary>
    public void DeploySilo(IResourceBuilder<ProjectResource> silo, int number)
    {
        silo.WithOrleansContainerAppsPorts();
        DeployWith(silo, "silo-app.bicep", new Dictionary<string, string>(CommonParameters(silo))
        {
            ["environmentId"] = Output(_network, SiloEnvironmentOutput),
            ["advertisedIp"] = Output(_network, SiloStaticIpOutput),
            ["siloPort"] = Text(OrleansContainerAppsExtensions.ExposedSiloPort(number)),
            ["gatewayPort"] = Text(OrleansContainerAppsExtensions.ExposedGatewayPort(number)),
            ["httpPort"] = BindingTargetPort(silo, OrleansContainerAppsExtensions.HttpEndpointName),
            ["blobEndpoint"] = _storage.Blobs.Resource.ConnectionStringExpression.ValueExpression,
        });
    }

    /// <summary>The API as a public Container App of infra/api-app.bicep.</summary>
    public void DeployApi(IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey)
    {
        DeployWith(api, "api-app.bicep", new Dictionary<string, string>(CommonParameters(api))
        {
            ["environmentId"] = Output(_network, ApiEnvironmentOutput),
            ["httpPort"] = BindingTargetPort(api, "http"),
            ["apiKey"] = apiKey.Resource.ValueExpression,
        });
    }

    /// <summary>What every app of the cluster is given: its image, identity, cluster, storage for membership, telemetry.</summary>
    private Dictionary<string, string> CommonParameters(IResourceBuilder<ProjectResource> project) => new(StringComparer.Ordinal)
    {
        ["name"] = project.Resource.Name,
        ["image"] = $"{{{project.Resource.Name}.containerImage}}",
        ["registryServer"] = AzdOutputs.ContainerRegistryEndpoint,
        ["identityId"] = AzdOutputs.ManagedIdentityId,
        ["identityClientId"] = AzdOutputs.ManagedIdentityClientId,
        ["clusterId"] = _clusterId.Resource.ValueExpression,
        ["serviceId"] = _serviceId,
        ["tableEndpoint"] = _storage.Tables.Resource.ConnectionStringExpression.ValueExpression,
        ["applicationInsightsConnectionString"] = Output(_monitoring, AzureMonitoringExtensions.ConnectionStringOutput),
    };

    /// <summary>
    /// Makes the module the project's deployment target: the manifest writes the project as <c>project.v1</c> with the
    /// module under <c>deployment</c>. The module is not a resource of the model, so azd does not also provision it.
    /// </summary>
    private void DeployWith(IResourceBuilder<ProjectResource> project, string template, Dictionary<string, string> parameters)
    {
        var module = AzureBicepModuleResource.FromInfra($"{project.Resource.Name}-app", _repositoryRoot, template, parameters);
        module.Annotations.Add(new ManifestPublishingCallbackAnnotation(module.WriteToManifest));
        project.WithAnnotation(new DeploymentTargetAnnotation(module));
    }

    private static string Output(IResourceBuilder<AzureBicepModuleResource> module, string output) =>
        module.Resource.GetOutput(output).ValueExpression;

    private static string BindingTargetPort(IResourceBuilder<ProjectResource> project, string endpoint) =>
        $"{{{project.Resource.Name}.bindings.{endpoint}.targetPort}}";

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
