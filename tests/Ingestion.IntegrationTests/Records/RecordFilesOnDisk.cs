using Azure.Storage.Blobs;
using Ingestion.Testing;
using Ingestion.Jobs;

namespace Ingestion.IntegrationTests.Records;

/// <summary>
/// A job's record files copied from Azurite into a folder of their own, as a data engineer syncs a lake's folder, and
/// queried there with DuckDB (<see cref="DuckDb"/>).
/// </summary>
internal sealed class RecordFilesOnDisk : IDisposable
{
    private RecordFilesOnDisk(string root) => Root = root;

    /// <summary>The folder that stands for <c>{prefix}/records/</c>.</summary>
    public string Root { get; }

    public static async Task<RecordFilesOnDisk> CopyAsync(BlobServiceClient blobs, DestinationSpec destination, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "records-" + Guid.NewGuid().ToString("N"));
        var prefix = $"{destination.Prefix}/records/";
        var container = blobs.GetBlobContainerClient(destination.Container);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            var path = Path.Combine(root, blob.Name[prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await container.GetBlobClient(blob.Name).DownloadToAsync(path, cancellationToken);
        }

        Directory.CreateDirectory(root);
        return new RecordFilesOnDisk(root);
    }

    public int FileCount => Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Count();

    /// <summary>The first row of <paramref name="sql"/>, where <c>{root}</c> stands for the folder.</summary>
    public async Task<object?[]> QueryRowAsync(string sql, CancellationToken cancellationToken) => (await QueryAsync(sql, cancellationToken)).Single();

    public Task<List<object?[]>> QueryAsync(string sql, CancellationToken cancellationToken) =>
        DuckDb.QueryAsync(sql.Replace("{root}", DuckDb.PathOf(Root), StringComparison.Ordinal), cancellationToken);

    public static long Long(object? value) => DuckDb.Count(value);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
