using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost;

/// <summary>
/// Chooses where the blobs and tables come from: Azurite when running locally, an Azure Storage account provisioned
/// by azd when publishing.
/// </summary>
public static class StorageExtensions
{
    public static IngestionStorage AddStorage(this IDistributedApplicationBuilder builder)
    {
        return builder.ExecutionContext.IsPublishMode ? AddDeployedStorage(builder) : AddEmulatedStorage(builder);
    }

    /// <summary>
    /// Publish mode: a storage account that azd provisions from infra/storage.bicep, reached by endpoint URI with the
    /// managed identity. azd rejects executables and references to resources left out of the manifest, so Azurite is
    /// not added at all.
    /// </summary>
    private static IngestionStorage AddDeployedStorage(IDistributedApplicationBuilder builder)
    {
        var repositoryRoot = RepositoryRoot.Locate(builder.AppHostDirectory);

        var account = builder.AddAzureStorageAccount(ResourceNames.Storage, repositoryRoot);
        var blobs = account.AddBlobs(ResourceNames.Blobs);
        var tables = account.AddTables(ResourceNames.Tables);
        return new IngestionStorage(blobs, tables, Emulator: null);
    }

    private static IngestionStorage AddEmulatedStorage(IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AzuriteOptions.SectionName).Get<AzuriteOptions>() ?? new AzuriteOptions();
        var repositoryRoot = RepositoryRoot.Locate(builder.AppHostDirectory);

        var azurite = builder.AddAzurite(ResourceNames.Azurite, options, repositoryRoot);
        var blobs = azurite.AddBlobs(ResourceNames.Blobs);
        var tables = azurite.AddTables(ResourceNames.Tables);
        return new IngestionStorage(blobs, tables, azurite);
    }
}
