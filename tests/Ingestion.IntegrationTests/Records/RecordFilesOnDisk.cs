using System.Globalization;
using Azure.Storage.Blobs;
using DuckDB.NET.Data;
using Ingestion.Jobs;

namespace Ingestion.IntegrationTests.Records;

/// <summary>
/// A job's record files copied from Azurite into a folder of their own, as a data engineer syncs a lake's folder, and
/// queried there with DuckDB, in UTC.
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

    public async Task<List<object?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        using var duckdb = new DuckDBConnection("DataSource=:memory:");
        await duckdb.OpenAsync(cancellationToken);
        using (var utc = duckdb.CreateCommand())
        {
            utc.CommandText = "SET TimeZone = 'UTC'";
            await utc.ExecuteNonQueryAsync(cancellationToken);
        }

        using var query = duckdb.CreateCommand();
        query.CommandText = sql.Replace("{root}", Root.Replace('\\', '/'), StringComparison.Ordinal);
        using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
