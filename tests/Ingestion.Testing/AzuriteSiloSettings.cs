using Ingestion.Hosting;

namespace Ingestion.Testing;

/// <summary>
/// The settings by which a silo finds its storage, as the AppHost gives them to the deployed silo, pointing at an
/// Azurite: the storage connections, and Orleans' providers named by configuration (job state in blobs, reminders in
/// tables) with the keys of the clients that the silo registers for those connections. Clustering is left out: the test
/// cluster keeps its own in-process membership.
/// </summary>
internal static class AzuriteSiloSettings
{
    // Orleans' names for its Azure Storage providers, as the AppHost's AzureStorageProviderConfiguration sets them.
    private const string BlobProvider = "AzureBlobStorage";
    private const string TableProvider = "AzureTableStorage";

    public static IEnumerable<KeyValuePair<string, string?>> For(AzuriteInstance azurite) =>
    [
        new($"ConnectionStrings:{StorageConnectionNames.Blobs}", azurite.ConnectionString),
        new($"ConnectionStrings:{StorageConnectionNames.Tables}", azurite.ConnectionString),
        new($"Orleans:GrainStorage:{StorageNames.JobStore}:ProviderType", BlobProvider),
        new($"Orleans:GrainStorage:{StorageNames.JobStore}:ServiceKey", StorageConnectionNames.Blobs),
        new("Orleans:Reminders:ProviderType", TableProvider),
        new("Orleans:Reminders:ServiceKey", StorageConnectionNames.Tables),
    ];
}
