using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// The Azure Storage account of a deployment, provisioned by <c>infra/storage.bicep</c> (shared keys off, data roles
/// for the apps' managed identity). The Aspire Azure packages would do this too, but they are not available here.
/// </summary>
public static class AzureStorageExtensions
{
    /// <summary>The module's outputs that the services use, as declared in infra/storage.bicep.</summary>
    public const string BlobEndpointOutput = "blobEndpoint";
    public const string TableEndpointOutput = "tableEndpoint";

    public static IResourceBuilder<AzureBicepModuleResource> AddAzureStorageAccount(
        this IDistributedApplicationBuilder builder, string name, string repositoryRoot)
    {
        // Empty values are azd's to fill in: the principal of the managed identity that the Container Apps run as.
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["principalId"] = "",
            ["principalType"] = "",
        };

        var storage = AzureBicepModuleResource.FromInfra(name, repositoryRoot, "storage.bicep", parameters);
        return builder.AddResource(storage)
            .WithManifestPublishingCallback(storage.WriteToManifest);
    }

    public static IResourceBuilder<AzureStorageServiceResource> AddBlobs(this IResourceBuilder<AzureBicepModuleResource> storage, string name) =>
        storage.AddService(name, BlobEndpointOutput);

    public static IResourceBuilder<AzureStorageServiceResource> AddTables(this IResourceBuilder<AzureBicepModuleResource> storage, string name) =>
        storage.AddService(name, TableEndpointOutput);

    private static IResourceBuilder<AzureStorageServiceResource> AddService(
        this IResourceBuilder<AzureBicepModuleResource> storage, string name, string endpointOutput) =>
        storage.ApplicationBuilder.AddResource(
            new AzureStorageServiceResource(name, storage.Resource, storage.Resource.GetOutput(endpointOutput)));
}
