namespace Ingestion.Hosting;

/// <summary>
/// The connection names of the storage services (<c>ConnectionStrings:{name}</c>), which are also the service keys
/// under which Orleans' Azure providers look the clients up.
/// </summary>
public static class StorageConnectionNames
{
    public const string Blobs = "blobs";
    public const string Tables = "tables";
}
