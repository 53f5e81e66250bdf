using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Records;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests.Records;

/// <summary>A Parquet record file written to Azurite a row group per block, read back with DuckDB.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ParquetRecordFileTests(SharedCluster cluster)
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 10, 0, 0, TimeSpan.FromHours(2));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_of_many_row_groups_is_one_parquet_file_that_duckdb_reads_whole_with_the_mapped_types()
    {
        const int Records = 5_000;
        var records = Enumerable.Range(1, Records).Select(Record).ToList();
        var schema = SchemaOf(records);
        var blob = await NewBlobAsync();

        // Row groups of about 16 KiB of values: the file is dozens of them.
        RecordFileCommit commit;
        using (var file = new ParquetRecordFile(blob, schema, lineage: false, rowGroupBytes: 16 * 1024))
        {
            foreach (var record in records)
            {
                using var document = JsonDocument.Parse(record);
                await file.WriteAsync(document.RootElement, lineage: null, Cancellation);
            }

            Assert.Equal(Records, file.Rows);
            Assert.True(file.Bytes > 0, "Row groups are staged as records are written, before the commit.");
            commit = await file.CommitAsync(new Dictionary<string, string> { ["source"] = "test" }, Cancellation);
        }

        var content = (await blob.DownloadContentAsync(Cancellation)).Value;
        var bytes = content.Content.ToArray();
        Assert.Equal(blob.Name, commit.Name);
        Assert.Equal(Records, commit.Rows);
        Assert.Equal(bytes.Length, commit.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), commit.Sha256);
        Assert.Equal(ParquetRecordFile.ContentType, content.Details.ContentType);
        Assert.Equal("test", content.Details.Metadata["source"]);

        await using var parquet = await ParquetOnDisk.WriteAsync(bytes);
        Assert.Equal(
            [("id", "BIGINT"), ("price", "DOUBLE"), ("amount", "DOUBLE"), ("ok", "BOOLEAN"), ("at", "TIMESTAMP WITH TIME ZONE"),
             ("name", "VARCHAR"), ("meta", "VARCHAR"), ("tags", "VARCHAR"), ("note", "VARCHAR")],
            await parquet.DescribeAsync());

        var totals = Assert.Single(await parquet.QueryAsync("""
            SELECT count(*), count(DISTINCT id), sum(id), sum(price), sum(amount), count(*) FILTER (WHERE ok),
                   count(note), count(*) FILTER (WHERE note IS NULL)
            FROM {file}
            """));
        Assert.Equal(Records, Int64(totals[0]));
        Assert.Equal(Records, Int64(totals[1]));
        Assert.Equal(Records * (Records + 1L) / 2, Int64(totals[2]));
        Assert.Equal((Records * (Records + 1) / 2.0) + (Records * 0.5), Convert.ToDouble(totals[3], CultureInfo.InvariantCulture));
        Assert.Equal((Records * (Records + 1) / 2.0) + (Records / 2 * 0.25), Convert.ToDouble(totals[4], CultureInfo.InvariantCulture));
        Assert.Equal(Records / 2, Int64(totals[5]));
        Assert.Equal(Enumerable.Range(1, Records).Count(id => id % 3 == 1), Int64(totals[6]));
        Assert.Equal(Enumerable.Range(1, Records).Count(id => id % 3 != 1), Int64(totals[7]));

        // Each timestamp is the instant its string stood for, whatever offset the string had, to the millisecond.
        var instants = await parquet.QueryAsync("""SELECT id, epoch_us("at") FROM {file} ORDER BY id""");
        Assert.Equal(
            Enumerable.Range(1, Records).Select(id => Instant(id).ToUnixTimeMilliseconds() * 1_000),
            instants.Select(row => Int64(row[1])));

        // Row groups' statistics are right: DuckDB skips row groups by them, and finds what a filter asks for.
        var half = Instant((Records / 2) + 1).ToString("yyyy-MM-dd HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var later = Assert.Single(await parquet.QueryAsync($$"""SELECT count(*) FROM {file} WHERE "at" >= TIMESTAMPTZ '{{half}}'"""));
        Assert.Equal(Records / 2, Int64(later[0]));

        // Objects and arrays are their JSON text, which DuckDB's JSON functions read.
        var json = Assert.Single(await parquet.QueryAsync("""
            SELECT count(*) FILTER (WHERE json_extract(meta, '$.k')::BIGINT = id AND json_extract_string(meta, '$.tags[1]') = 'b'
                                      AND json_extract(tags, '$[0]')::BIGINT = id AND json_extract_string(tags, '$[1]') = 'x'
                                      AND json_array_length(tags) = 2)
            FROM {file}
            """));
        Assert.Equal(Records, Int64(json[0]));

        // A row group a block, and the footer one more: the file was staged as it was written.
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: Cancellation)).Value.CommittedBlocks.Count();
        var rowGroups = Int64(Assert.Single(await parquet.QueryAsync("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')"))[0]);
        Assert.True(rowGroups >= 10, $"Expected many row groups, found {rowGroups}.");
        Assert.Equal(rowGroups + 1, blocks);
    }

    [Fact]
    public async Task Lineage_columns_follow_the_records_own_and_a_field_of_a_lineage_name_gives_way()
    {
        var jobId = Guid.NewGuid();
        var fetchedAt = new DateTimeOffset(2024, 6, 1, 12, 30, 15, TimeSpan.FromHours(-5)).AddTicks(1_234_560);
        var fetchedAtMicros = fetchedAt.ToUnixTimeMilliseconds() * 1_000;
        string[] records = ["""{ "id": 1, "_page": "mine", "_job_id": 5 }""", """{ "id": 2 }"""];
        var blob = await NewBlobAsync();
        using (var file = new ParquetRecordFile(blob, SchemaOf(records), lineage: true, rowGroupBytes: 1024 * 1024))
        {
            using var first = JsonDocument.Parse(records[0]);
            await file.WriteAsync(first.RootElement, new RecordLineage(jobId, 7, fetchedAt), Cancellation);
            using var second = JsonDocument.Parse(records[1]);
            await file.WriteAsync(second.RootElement, new RecordLineage(jobId, 8, FetchedAt: null), Cancellation);
            await file.CommitAsync(metadata: null, Cancellation);
        }

        await using var parquet = await ParquetOnDisk.WriteAsync((await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray());
        Assert.Equal(
            [("id", "BIGINT"), ("_job_id", "VARCHAR"), ("_page", "BIGINT"), ("_fetched_at", "TIMESTAMP WITH TIME ZONE")],
            await parquet.DescribeAsync());
        var rows = await parquet.QueryAsync("SELECT id, _job_id, _page, epoch_us(_fetched_at) FROM {file} ORDER BY id");
        Assert.Equal(
            [
                [1L, jobId.ToString(), 7L, fetchedAtMicros],
                [2L, jobId.ToString(), 8L, null],
            ],
            rows.Select(row => new object?[] { Int64(row[0]), row[1], Int64(row[2]), row[3] is null ? null : Int64(row[3]) }));
    }

    [Fact]
    public async Task A_record_that_is_no_object_is_value_and_a_string_column_holds_other_values_as_their_json_text()
    {
        string[] records =
        [
            """{"v":1}""", """{"v":"text"}""", """{"v":true}""", """{"v":2.5}""", """{"v":{"a":[1,"b"]}}""", """{"v":null}""",
            "42", "\"plain\"", "[1,2]", "null",
        ];
        var schema = SchemaOf(records);
        Assert.Equal([new("v", ColumnType.String), new(RecordSchema.ValueColumn, ColumnType.String)], schema.Columns);
        var blob = await NewBlobAsync();
        using (var file = new ParquetRecordFile(blob, schema, lineage: false, rowGroupBytes: 1024 * 1024))
        {
            foreach (var record in records)
            {
                using var document = JsonDocument.Parse(record);
                await file.WriteAsync(document.RootElement, lineage: null, Cancellation);
            }

            await file.CommitAsync(metadata: null, Cancellation);
        }

        await using var parquet = await ParquetOnDisk.WriteAsync((await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray());
        var rows = await parquet.QueryAsync("SELECT v, _value FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number");
        Assert.Equal(
            [
                ["1", null], ["text", null], ["true", null], ["2.5", null], ["""{"a":[1,"b"]}""", null], [null, null],
                [null, "42"], [null, "plain"], [null, "[1,2]"], [null, null],
            ],
            rows);
    }

    [Fact]
    public async Task A_record_that_does_not_fit_is_refused_naming_its_column_and_the_file_goes_on_without_it()
    {
        string[] records = ["""{ "id": 1, "at": "2024-06-01T10:00:00Z" }""", """{ "id": 2, "at": null }"""];
        var blob = await NewBlobAsync();
        using (var file = new ParquetRecordFile(blob, SchemaOf(records), lineage: false, rowGroupBytes: 1024 * 1024))
        {
            foreach (var record in records)
            {
                using var document = JsonDocument.Parse(record);
                await file.WriteAsync(document.RootElement, lineage: null, Cancellation);
            }

            using var misfit = JsonDocument.Parse("""{ "id": 3, "at": "yesterday" }""");
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => file.WriteAsync(misfit.RootElement, lineage: null, Cancellation));
            Assert.Contains("'at'", refused.Message, StringComparison.Ordinal);
            using var stranger = JsonDocument.Parse("""{ "id": 4, "extra": 1 }""");
            refused = await Assert.ThrowsAsync<InvalidOperationException>(() => file.WriteAsync(stranger.RootElement, lineage: null, Cancellation));
            Assert.Contains("'extra'", refused.Message, StringComparison.Ordinal);

            using var last = JsonDocument.Parse("""{ "id": 5, "at": "2024-06-01T12:00:00+02:00", "gone": null }""");
            await file.WriteAsync(last.RootElement, lineage: null, Cancellation);
            Assert.Equal(3, (await file.CommitAsync(metadata: null, Cancellation)).Rows);
        }

        await using var parquet = await ParquetOnDisk.WriteAsync((await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray());
        var rows = await parquet.QueryAsync("""SELECT id, epoch("at") FROM {file} ORDER BY id""");
        Assert.Equal(
            [[1L, 1_717_236_000.0], [2L, null], [5L, 1_717_236_000.0]],
            rows.Select(row => new object?[] { Int64(row[0]), row[1] is null ? null : Convert.ToDouble(row[1], CultureInfo.InvariantCulture) }));
    }

    [Fact]
    public async Task A_file_of_no_records_commits_as_a_parquet_file_of_none()
    {
        var blob = await NewBlobAsync();
        RecordFileCommit commit;
        using (var file = new ParquetRecordFile(blob, SchemaOf(["""{ "id": 1, "name": "a" }"""]), lineage: true, rowGroupBytes: 1024))
        {
            commit = await file.CommitAsync(metadata: null, Cancellation);
        }

        var bytes = (await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray();
        Assert.Equal(0, commit.Rows);
        Assert.Equal(bytes.Length, commit.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), commit.Sha256);
        await using var parquet = await ParquetOnDisk.WriteAsync(bytes);
        Assert.Equal(0, Int64(Assert.Single(await parquet.QueryAsync("SELECT count(*) FROM {file}"))[0]));
        Assert.Equal(
            ["id", "name", RecordLineage.JobIdColumn, RecordLineage.PageColumn, RecordLineage.FetchedAtColumn],
            (await parquet.DescribeAsync()).Select(column => column.Name));
    }

    [Fact]
    public async Task Records_that_give_no_column_a_type_are_counted_in_an_all_null_value_column()
    {
        string[] records = ["{}", """{ "a": null }""", "null"];
        var schema = SchemaOf(records);
        Assert.Empty(schema.Columns);
        var blob = await NewBlobAsync();
        using (var file = new ParquetRecordFile(blob, schema, lineage: false, rowGroupBytes: 1024))
        {
            foreach (var record in records)
            {
                using var document = JsonDocument.Parse(record);
                await file.WriteAsync(document.RootElement, lineage: null, Cancellation);
            }

            await file.CommitAsync(metadata: null, Cancellation);
        }

        await using var parquet = await ParquetOnDisk.WriteAsync((await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray());
        Assert.Equal([(RecordSchema.ValueColumn, "VARCHAR")], await parquet.DescribeAsync());
        var counts = Assert.Single(await parquet.QueryAsync($"SELECT count(*), count({RecordSchema.ValueColumn}) FROM {{file}}"));
        Assert.Equal([3L, 0L], counts.Select(Int64));
    }

    [Fact]
    public async Task A_file_never_committed_leaves_no_blob()
    {
        var records = Enumerable.Range(1, 500).Select(Record).ToList();
        var blob = await NewBlobAsync();
        using (var file = new ParquetRecordFile(blob, SchemaOf(records), lineage: false, rowGroupBytes: 4 * 1024))
        {
            foreach (var record in records)
            {
                using var document = JsonDocument.Parse(record);
                await file.WriteAsync(document.RootElement, lineage: null, Cancellation);
            }

            Assert.True(file.Bytes > 0, "Row groups were staged.");
        }

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync(cancellationToken: Cancellation));
        Assert.Equal(404, missing.Status);
    }

    /// <summary>
    /// Record <paramref name="id"/>: an integer, a fraction, an integer or a fraction, a boolean, a timestamp with an offset,
    /// a string, an object, an array, and a note that is a string, a null or missing.
    /// </summary>
    private static string Record(int id)
    {
        var amount = id % 2 == 0 ? id.ToString(CultureInfo.InvariantCulture) : $"{id}.25";
        var note = (id % 3) switch
        {
            1 => $""", "note": "note {id}" """,
            2 => """, "note": null""",
            _ => "",
        };
        var at = Instant(id).ToOffset(TimeSpan.FromHours(id % 5)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        return $$"""
            { "id": {{id}}, "price": {{id}}.5, "amount": {{amount}}, "ok": {{(id % 2 == 0 ? "true" : "false")}}, "at": "{{at}}",
              "name": "item {{id}}", "meta": { "k": {{id}}, "tags": ["a", "b"] }, "tags": [{{id}}, "x"]{{note}} }
            """;
    }

    private static DateTimeOffset Instant(int id) => Start.AddSeconds(id).AddTicks(id * 10);

    private static RecordSchema SchemaOf(IEnumerable<string> records)
    {
        var schema = RecordSchema.Empty;
        foreach (var record in records)
        {
            using var document = JsonDocument.Parse(record);
            (schema, _) = schema.Observe(document.RootElement);
        }

        return schema;
    }

    private async Task<BlockBlobClient> NewBlobAsync()
    {
        var container = cluster.Blobs.GetBlobContainerClient("records");
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        return container.GetBlockBlobClient($"parquet/{Guid.NewGuid():N}/part-00001.parquet");
    }

    private static long Int64(object? value) => DuckDb.Count(value);

    /// <summary>A Parquet file downloaded to a temporary file for DuckDB to query; deleted when disposed.</summary>
    private sealed class ParquetOnDisk : IAsyncDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.parquet");

        public static async Task<ParquetOnDisk> WriteAsync(byte[] content)
        {
            var file = new ParquetOnDisk();
            await File.WriteAllBytesAsync(file._path, content, Cancellation);
            return file;
        }

        /// <summary>The rows of <paramref name="sql"/>, where <c>{file}</c> is the file read and <c>{path}</c> its path.</summary>
        public Task<List<object?[]>> QueryAsync(string sql) => DuckDb.QueryAsync(
            sql.Replace("{file}", $"read_parquet('{DuckDb.PathOf(_path)}')", StringComparison.Ordinal).Replace("{path}", DuckDb.PathOf(_path), StringComparison.Ordinal),
            Cancellation);

        /// <summary>The file's columns and the types DuckDB reads them as.</summary>
        public async Task<List<(string Name, string Type)>> DescribeAsync() =>
            [.. (await QueryAsync("DESCRIBE SELECT * FROM {file}")).Select(row => ((string)row[0]!, (string)row[1]!))];

        public ValueTask DisposeAsync()
        {
            File.Delete(_path);
            return ValueTask.CompletedTask;
        }
    }
}
