using System.Security.Cryptography;
using System.Text.Json;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Records;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests.Records;

/// <summary>
/// Jobs that write their pages' records into partitioned Parquet and JSON Lines files, on a real cluster against
/// Azurite, every output read with DuckDB as a data engineer reads it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RecordsJobTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static JobSpec Spec(RecordSource source, int pages, RecordsSpec records, int concurrency = 16) => new()
    {
        Source = SourceSpec.Range(source.UrlTemplate, 1, pages),
        Concurrency = concurrency,
        Retry = Specs.FastRetry,
        Destination = Specs.NewDestination(),
        Records = records,
    };

    private static RecordsSpec ByDay(RecordFormat format, bool lineage = true, int targetFileMiB = 128) => new()
    {
        Pointer = "/items",
        Format = format,
        PartitionBy = new RecordPartitionSpec { Pointer = "/created_at", Granularity = PartitionGranularity.Day },
        TargetFileMiB = targetFileMiB,
        Lineage = lineage,
    };

    [Fact]
    public async Task Parquet_records_land_once_each_in_their_day_with_lineage_to_their_page()
    {
        await using var source = await RecordSource.StartAsync(perPage: 50, days: 5, Cancellation);
        var spec = Spec(source, pages: 200, ByDay(RecordFormat.Parquet));

        var job = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(10_000, job.Records!.Rows);
        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        const string All = "read_parquet('{root}/**/*.parquet', hive_partitioning = true)";
        var totals = await files.QueryRowAsync($"SELECT count(*), count(DISTINCT id), min(id), max(id) FROM {All}", Cancellation);
        Assert.Equal([10_000L, 10_000L, 1L, 10_000L], totals.Select(RecordFilesOnDisk.Long));
        var misplaced = await files.QueryRowAsync($"SELECT count(*) FROM {All} WHERE CAST(created_at_day AS DATE) <> CAST(created_at AS DATE)", Cancellation);
        Assert.Equal(0L, RecordFilesOnDisk.Long(misplaced[0]));
        var days = await files.QueryAsync($"SELECT CAST(created_at_day AS VARCHAR), count(*) FROM {All} GROUP BY 1 ORDER BY 1", Cancellation);
        Assert.Equal(["2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04", "2024-06-05"], days.Select(day => (string)day[0]!));
        Assert.All(days, day => Assert.Equal(2_000L, RecordFilesOnDisk.Long(day[1])));
        var lineage = await files.QueryRowAsync(
            $"SELECT count(*) FILTER (WHERE _page <> (id - 1) // 50 + 1), count(*) FILTER (WHERE _job_id <> '{job.Id}'), count(_fetched_at) FROM {All}", Cancellation);
        Assert.Equal([0L, 0L, 10_000L], lineage.Select(RecordFilesOnDisk.Long));
        var types = await files.QueryAsync($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {All})", Cancellation);
        var typeOf = types.ToDictionary(row => (string)row[0]!, row => (string)row[1]!);
        Assert.Equal("BIGINT", typeOf["id"]);
        Assert.Equal("DOUBLE", typeOf["amount"]);
        Assert.Equal("BOOLEAN", typeOf["paid"]);
        Assert.StartsWith("TIMESTAMP", typeOf["created_at"], StringComparison.Ordinal);
        Assert.Equal("VARCHAR", typeOf["customer"]);
        var customer = await files.QueryRowAsync($"SELECT json_extract_string(customer, '$.name') FROM {All} WHERE id = 98", Cancellation);
        Assert.Equal("customer 1", customer[0]);

        // The manifest lists every file as stored, with its rows and SHA-256.
        var manifest = await ReadManifestAsync(job.Destination);
        var records = manifest.GetProperty("records");
        Assert.Equal(10_000, records.GetProperty("rows").GetInt64());
        Assert.Equal("created_at_day", records.GetProperty("partitionColumn").GetString());
        var listed = records.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(files.FileCount, listed.Count);
        Assert.Equal(10_000, listed.Sum(file => file.GetProperty("rows").GetInt64()));
        var container = cluster.Blobs.GetBlobContainerClient(job.Destination.Container);
        foreach (var file in listed)
        {
            var content = (await container.GetBlobClient(file.GetProperty("blob").GetString()).DownloadContentAsync(Cancellation)).Value.Content.ToArray();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.GetProperty("sha256").GetString());
            Assert.Equal(content.Length, file.GetProperty("bytes").GetInt64());
        }

        Assert.Contains(records.GetProperty("schema").EnumerateArray(), field => field.GetProperty("name").GetString() == "_page");

        // The raw pages are stored as ever.
        Assert.Equal(200, job.Pages.Succeeded);
    }

    [Fact]
    public async Task Json_lines_records_read_whole_with_duckdb()
    {
        await using var source = await RecordSource.StartAsync(perPage: 40, days: 3, Cancellation);
        var spec = Spec(source, pages: 100, ByDay(RecordFormat.JsonLinesGzip, lineage: false));

        var job = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Completed, job.Status);
        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        Assert.All(Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories), path => Assert.EndsWith(".jsonl.gz", path, StringComparison.Ordinal));
        var totals = await files.QueryRowAsync(
            "SELECT count(*), count(DISTINCT id), count(DISTINCT created_at_day) FROM read_json_auto('{root}/**/*.jsonl.gz', hive_partitioning = true)", Cancellation);
        Assert.Equal([4_000L, 4_000L, 3L], totals.Select(RecordFilesOnDisk.Long));
    }

    [Fact]
    public async Task A_new_field_widens_the_schema_and_pages_without_records_are_kept_raw_and_counted()
    {
        await using var source = await RecordSource.StartAsync(perPage: 10, days: 2, Cancellation);
        source.NoteFromPage = 20;
        source.AmountAsTextFromPage = 30;
        source.NotJson.Add(5);
        source.NoItems.Add(7);
        var spec = Spec(source, pages: 40, new RecordsSpec { Pointer = "/items" }, concurrency: 4);

        var job = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));

        // The job completes: bad pages are its records' errors, not failed pages.
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(40, job.Pages.Succeeded);
        Assert.Equal(2, job.Records!.ErrorPages);
        Assert.Equal(380, job.Records.Rows);
        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        var totals = await files.QueryRowAsync(
            "SELECT count(*), count(DISTINCT id), count(note), min(id) FILTER (WHERE note IS NOT NULL) FROM read_parquet('{root}/**/*.parquet', union_by_name = true)", Cancellation);
        Assert.Equal([380L, 380L, 210L, 191L], totals.Select(RecordFilesOnDisk.Long));
        Assert.True(files.FileCount >= 2, "The wider schema opened a file of its own.");
        var manifest = await ReadManifestAsync(job.Destination);
        var records = manifest.GetProperty("records");
        var errors = records.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([5, 7], errors.Select(error => error.GetProperty("page").GetInt32()));
        Assert.Contains("not JSON", errors[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing at /items", errors[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(records.GetProperty("schema").EnumerateArray(), field => field.GetProperty("name").GetString() == "note");

        // Amounts turned to text: the column is a string from then on, the earlier files keep their doubles, and
        // DuckDB reads them together as text, every value kept.
        var amount = records.GetProperty("schema").EnumerateArray().Single(field => field.GetProperty("name").GetString() == "amount");
        Assert.Equal("string", amount.GetProperty("type").GetString());
        Assert.Contains(records.GetProperty("warnings").EnumerateArray(), warning => warning.GetString()!.Contains("'amount'", StringComparison.Ordinal));
        var amounts = await files.QueryRowAsync(
            "SELECT count(amount), count(*) FILTER (WHERE amount = 'n/a') FROM read_parquet('{root}/**/*.parquet', union_by_name = true)", Cancellation);
        Assert.Equal([380L, 110L], amounts.Select(RecordFilesOnDisk.Long));

        // The pages whose records could not be read are stored raw, as they came.
        var page5 = Assert.Single((await cluster.Job(job.Id).ListPagesAsync(PageStatus.Succeeded, 4, 1))!.Items);
        var raw = (await cluster.Blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(page5.Blob).DownloadContentAsync(Cancellation)).Value.Content.ToString();
        Assert.Contains("Service busy", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_file_can_be_read_while_the_job_still_runs()
    {
        await using var source = await RecordSource.StartAsync(perPage: 500, days: 1, Cancellation);
        source.Delay = TimeSpan.FromMilliseconds(40);
        var spec = Spec(source, pages: 400, new RecordsSpec { Pointer = "/items", TargetFileMiB = 1, Lineage = true }, concurrency: 4);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);

        var running = await cluster.WaitForAsync(id, view => view.Records is { Files: > 0 } || view.Status.IsFinished(), TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.Running, running.Status);
        using (var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, running.Destination, Cancellation))
        {
            Assert.True(files.FileCount >= 1);
            var early = await files.QueryRowAsync("SELECT count(*), count(DISTINCT id), max(_page) FROM read_parquet('{root}/**/*.parquet')", Cancellation);
            Assert.True(RecordFilesOnDisk.Long(early[0]) > 0);
            Assert.Equal(RecordFilesOnDisk.Long(early[0]), RecordFilesOnDisk.Long(early[1]));
            Assert.True(RecordFilesOnDisk.Long(early[2]) < 400);
        }

        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(3));
        Assert.Equal(JobStatus.Completed, job.Status);
        using var all = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        var totals = await all.QueryRowAsync("SELECT count(*), count(DISTINCT id) FROM read_parquet('{root}/**/*.parquet')", Cancellation);
        Assert.Equal([200_000L, 200_000L], totals.Select(RecordFilesOnDisk.Long));
    }

    [Fact]
    public async Task A_job_that_does_not_keep_its_pages_deletes_them_once_its_records_are_written()
    {
        await using var source = await RecordSource.StartAsync(perPage: 20, days: 2, Cancellation);
        source.Failing.Add(9);
        var spec = Spec(source, pages: 30, new RecordsSpec { Pointer = "/items", KeepPages = false }) with
        {
            Retry = Specs.FastRetry with { MaxAttempts = 1 },
        };

        var job = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(580, job.Records!.Rows);

        // The pages go right after the job's end is saved.
        var container = cluster.Blobs.GetBlobContainerClient(job.Destination.Container);
        var left = -1;
        for (var attempt = 0; attempt < 50 && left != 0; attempt++)
        {
            left = await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, job.Destination.PageBlobPrefix, Cancellation).CountAsync(Cancellation);
            await Task.Delay(left == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(100), Cancellation);
        }

        Assert.Equal(0, left);

        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        var totals = await files.QueryRowAsync("SELECT count(*), count(DISTINCT id) FROM read_parquet('{root}/**/*.parquet')", Cancellation);
        Assert.Equal([580L, 580L], totals.Select(RecordFilesOnDisk.Long));
        var manifest = await ReadManifestAsync(job.Destination);
        Assert.False(manifest.GetProperty("pagesKept").GetBoolean());
        Assert.Equal(30, manifest.GetProperty("pages").GetArrayLength());

        // Its failed page cannot be fetched again: there are no pages to add it to.
        var retry = await cluster.Job(job.Id).RetryFailed();
        Assert.Equal(Ingestion.Grains.RetryOutcome.PagesNotKept, retry.Outcome);
    }

    [Fact]
    public async Task A_cancelled_job_s_records_are_those_of_the_pages_it_stored()
    {
        await using var source = await RecordSource.StartAsync(perPage: 10, days: 3, Cancellation);
        source.Delay = TimeSpan.FromMilliseconds(30);
        var spec = Spec(source, pages: 400, new RecordsSpec { Pointer = "/items", Lineage = true }, concurrency: 4);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.Succeeded >= 40, TimeSpan.FromMinutes(1));

        await cluster.Job(id).Cancel();
        var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(1));

        Assert.Equal(JobStatus.Cancelled, job.Status);
        var stored = (await cluster.Job(id).ListPagesAsync(PageStatus.Succeeded, 0, 1_000))!.Items.Select(page => (long)page.Page).ToList();
        Assert.Equal(job.Pages.Succeeded, stored.Count);
        Assert.Equal(stored.Count * 10L, job.Records!.Rows);
        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, job.Destination, Cancellation);
        var pages = await files.QueryAsync("SELECT _page, count(*), count(DISTINCT id) FROM read_parquet('{root}/**/*.parquet') GROUP BY 1 ORDER BY 1", Cancellation);
        Assert.Equal(stored, pages.Select(row => RecordFilesOnDisk.Long(row[0])));
        Assert.All(pages, row => Assert.Equal([10L, 10L], row.Skip(1).Select(RecordFilesOnDisk.Long)));
    }

    [Fact]
    public async Task Pages_stored_by_a_retry_of_the_failed_ones_add_their_records_once()
    {
        await using var source = await RecordSource.StartAsync(perPage: 10, days: 2, Cancellation);
        source.Failing.UnionWith([4, 5, 17]);
        var spec = Spec(source, pages: 30, ByDay(RecordFormat.Parquet)) with { Retry = Specs.FastRetry with { MaxAttempts = 1 } };
        var first = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));
        Assert.Equal(JobStatus.CompletedWithErrors, first.Status);
        Assert.Equal(270, first.Records!.Rows);

        // The source recovers but for page 17: a retry stores 4 and 5, and their records join the others once.
        source.Failing.Remove(4);
        source.Failing.Remove(5);
        await cluster.Job(first.Id).RetryFailed();
        var second = await cluster.WaitForAsync(first.Id, view => view.Retries == 1 && view.Status.IsFinished(), TimeSpan.FromMinutes(2));

        Assert.Equal(JobStatus.CompletedWithErrors, second.Status);
        Assert.Equal(29, second.Pages.Succeeded);
        Assert.Equal(290, second.Records!.Rows);
        using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, second.Destination, Cancellation);
        var totals = await files.QueryRowAsync(
            "SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE _page IN (4, 5)), count(*) FILTER (WHERE _page = 17) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true)",
            Cancellation);
        Assert.Equal([290L, 290L, 20L, 0L], totals.Select(RecordFilesOnDisk.Long));
    }

    private async Task<JsonElement> ReadManifestAsync(DestinationSpec destination)
    {
        var blob = cluster.Blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestBlobName);
        var content = await blob.DownloadContentAsync(Cancellation);
        return JsonDocument.Parse(content.Value.Content.ToMemory()).RootElement.Clone();
    }
}
