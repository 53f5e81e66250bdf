using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Records;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests.Records;

/// <summary>A JSON Lines record file written to Azurite a gzip member per block, read back with DuckDB.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JsonLinesGzipFileTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_of_many_blocks_is_one_gzip_file_that_duckdb_reads_whole()
    {
        const int Records = 5_000;
        var container = cluster.Blobs.GetBlobContainerClient("records");
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var blob = container.GetBlockBlobClient($"jsonl/{Guid.NewGuid():N}/part-00001.jsonl.gz");

        // Blocks of 16 KiB: the file is dozens of gzip members.
        using var file = new JsonLinesGzipFile(blob, blockBytes: 16 * 1024);
        for (var id = 1; id <= Records; id++)
        {
            using var record = JsonDocument.Parse($$"""{ "id": {{id}}, "name": "item {{id}}", "price": {{id}}.5, "tags": ["a", "b"] }""");
            await file.WriteAsync(record.RootElement, lineage: null, Cancellation);
        }

        var (_, rows, bytes, sha256) = await file.CommitAsync(metadata: null, Cancellation);

        var content = (await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray();
        Assert.Equal(Records, rows);
        Assert.Equal(content.Length, bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), sha256);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.jsonl.gz");
        await File.WriteAllBytesAsync(path, content, Cancellation);
        try
        {
            var totals = Assert.Single(await DuckDb.QueryAsync(
                $"SELECT count(*), count(DISTINCT id), min(id), max(id), sum(price) FROM read_json_auto('{DuckDb.PathOf(path)}')", Cancellation));
            Assert.Equal(Records, DuckDb.Count(totals[0]));
            Assert.Equal(Records, DuckDb.Count(totals[1]));
            Assert.Equal(1, DuckDb.Count(totals[2]));
            Assert.Equal(Records, DuckDb.Count(totals[3]));
            Assert.Equal((Records * (Records + 1) / 2.0) + (Records * 0.5), Convert.ToDouble(totals[4], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
