using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// One service (blob or table) of the deployed storage account, as a connection whose value is the service's endpoint
/// URI. The services reach it with their managed identity (<c>DefaultAzureCredential</c>): there is no key to pass.
/// In the manifest it is a <c>value.v0</c> whose connection string is the module's output, e.g.
/// <c>{storage.outputs.blobEndpoint}</c>.
/// </summary>
public sealed class AzureStorageServiceResource(string name, AzureBicepModuleResource parent, BicepOutputReference endpoint)
    : Resource(name), IResourceWithParent<AzureBicepModuleResource>, IResourceWithConnectionString
{
    public AzureBicepModuleResource Parent { get; } = parent;

    public BicepOutputReference Endpoint { get; } = endpoint;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Endpoint}");
}
