using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Orleans;

namespace Ingestion.AppHost;

/// <summary>
/// Tells Orleans which Azure Storage provider to use and under which key to find its client.
/// </summary>
/// <remarks>
/// Passing the resource itself to <c>WithClustering</c> and friends derives the provider type from the resource's
/// C# type name, which names no Orleans provider for our storage resources. This sets it explicitly; the resource name
/// is the <c>ServiceKey</c> under which the services register their keyed Table/BlobServiceClient from
/// <c>ConnectionStrings:{name}</c>.
/// </remarks>
public sealed class AzureStorageProviderConfiguration : IProviderConfiguration
{
    private readonly string _providerType;
    private readonly IResourceBuilder<IResourceWithConnectionString> _storage;

    private AzureStorageProviderConfiguration(string providerType, IResourceBuilder<IResourceWithConnectionString> storage)
    {
        _providerType = providerType;
        _storage = storage;
    }

    public static AzureStorageProviderConfiguration Tables(IResourceBuilder<IResourceWithConnectionString> tables) =>
        new("AzureTableStorage", tables);

    public static AzureStorageProviderConfiguration Blobs(IResourceBuilder<IResourceWithConnectionString> blobs) =>
        new("AzureBlobStorage", blobs);

    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath)
        where T : IResourceWithEnvironment
    {
        // Aspire passes "Clustering", "Reminders" or "GrainStorage__jobs".
        var prefix = $"Orleans__{configSectionPath.Replace(":", "__", StringComparison.Ordinal)}";

        resourceBuilder
            .WithEnvironment($"{prefix}__ProviderType", _providerType)
            .WithEnvironment($"{prefix}__ServiceKey", _storage.Resource.Name)
            .WithReference(_storage);
    }
}
