using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using DuckDB.NET.Data;
using Ingestion.Cli;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.EndToEndTests;

/// <summary>
/// Records as a data engineer gets them: a job posted to the API the AppHost started asks for its pages' records in
/// Parquet, partitioned by day, with lineage; it is followed with the command line; its record files are copied from
/// the AppHost's Azurite into a folder, as a lake's folder is synced, and read there with DuckDB.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class RecordsEndToEndTests(AppHostFixture app)
{
    private const int Pages = 40;
    private const int PerPage = 50;
    private const int Days = 4;
    private const string Container = "ingest";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parquet_records_partitioned_by_day_land_once_each_in_their_day_with_their_page_and_the_counts_agree()
    {
        await using var source = await RecordSource.StartAsync(PerPage, Days, Cancellation);
        var spec = $$"""
            {
              "name": "e2e-records",
              "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": {{Pages}} } },
              "concurrency": 8,
              "destination": { "container": "{{Container}}", "prefix": "e2e-records/{jobId}" },
              "records": {
                "pointer": "/items",
                "format": "parquet",
                "partitionBy": { "pointer": "/created_at", "granularity": "day" },
                "lineage": true
              }
            }
            """;
        const long Records = Pages * PerPage;

        using var response = await PostAsync(spec);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancellation));
        var location = response.Headers.Location!.OriginalString;
        var id = (await response.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!.Id;
        var (exitCode, watched) = await CliAgainstAppHost.RunAsync(app, "watch", id.ToString());
        var job = await app.WaitForEndAsync(location);

        Assert.True(exitCode == ExitCodes.Success, watched);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(Pages, job.Pages.Succeeded);
        var rows = Records.ToString("N0", CultureInfo.InvariantCulture);
        Assert.Matches($@"(?m)^records\t{rows} rows in [0-9]+ files?$", watched.ReplaceLineEndings("\n"));

        // The job as the API shows it, field names and all.
        using (var view = JsonDocument.Parse(await app.Api.GetStringAsync(location, Cancellation)))
        {
            var records = view.RootElement.GetProperty("records");
            Assert.Equal(Records, records.GetProperty("rows").GetInt64());
            Assert.Equal(0, records.GetProperty("errorPages").GetInt32());
        }

        var root = Path.Combine(Path.GetTempPath(), $"e2e-records-{Guid.NewGuid():N}");
        try
        {
            var files = await CopyRecordFilesAsync(job.Destination, root);
            Assert.NotEmpty(files);
            var jobIdPrefix = id.ToString("N")[..8];
            Assert.All(files, file =>
            {
                var match = RecordFileName().Match(file);
                Assert.True(match.Success, file);
                Assert.Equal(jobIdPrefix, match.Groups["job"].Value);
            });

            const string All = "read_parquet('{root}/**/*.parquet', hive_partitioning = true)";
            var totals = Assert.Single(await QueryAsync(root, $"SELECT count(*), count(DISTINCT id) FROM {All}"));
            Assert.Equal([Records, Records], totals.Select(Long));
            var misplaced = Assert.Single(await QueryAsync(root, $"SELECT count(*) FROM {All} WHERE CAST(created_at_day AS DATE) <> CAST(created_at AS DATE)"));
            Assert.Equal(0L, Long(misplaced[0]));

            // Every record, with its day and its page, as the source served it.
            var expected = Enumerable.Range(1, Pages)
                .SelectMany(page => source.IdsOf(page).Select(record => (Id: record, Page: (long)page, Day: source.DayOf(record))))
                .ToList();
            var landed = (await QueryAsync(root, $"SELECT id, _page, CAST(created_at_day AS VARCHAR) FROM {All} ORDER BY id"))
                .Select(row => (Id: Long(row[0]), Page: Long(row[1]), Day: (string)row[2]!))
                .ToList();
            Assert.Equal(expected, landed);
            var days = await QueryAsync(root, $"SELECT count(DISTINCT created_at_day) FROM {All}");
            Assert.Equal(Days, Long(Assert.Single(days)[0]));

            // The manifest states the same rows and lists the same files.
            var manifest = await ReadManifestAsync(job);
            var summary = manifest.GetProperty("records");
            Assert.Equal(Records, summary.GetProperty("rows").GetInt64());
            Assert.Equal("parquet", summary.GetProperty("format").GetString());
            Assert.Equal("created_at_day", summary.GetProperty("partitionColumn").GetString());
            Assert.Equal(0, summary.GetProperty("errorPages").GetInt32());
            var listed = summary.GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(
                files.Order(StringComparer.Ordinal),
                listed.Select(file => file.GetProperty("blob").GetString()![$"{job.Destination.Prefix}/records/".Length..]).Order(StringComparer.Ordinal));
            Assert.Equal(Records, listed.Sum(file => file.GetProperty("rows").GetInt64()));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_records_format_the_api_does_not_know_is_refused_with_a_problem_that_names_records_format()
    {
        var spec = """
            {
              "source": { "urlTemplate": "http://127.0.0.1:9/orders/{page}", "pages": { "from": 1, "to": 2 } },
              "destination": { "container": "ingest", "prefix": "e2e-records/{jobId}" },
              "records": { "pointer": "/items", "format": "csv" }
            }
            """;

        using var response = await PostAsync(spec);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["records.format"], errors.EnumerateObject().Select(error => error.Name));
        Assert.Contains("parquet", errors.GetProperty("records.format")[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string spec) =>
        await app.Api.PostAsync("/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"), Cancellation);

    /// <summary>
    /// Copies every blob under <c>{prefix}/records/</c> into <paramref name="root"/>, keeping the partition folders;
    /// answers their names below <c>records/</c>.
    /// </summary>
    private async Task<List<string>> CopyRecordFilesAsync(DestinationSpec destination, string root)
    {
        var prefix = $"{destination.Prefix}/records/";
        var container = app.Blobs.GetBlobContainerClient(destination.Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, Cancellation))
        {
            var name = blob.Name[prefix.Length..];
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await container.GetBlobClient(blob.Name).DownloadToAsync(path, Cancellation);
            names.Add(name);
        }

        return names;
    }

    private async Task<JsonElement> ReadManifestAsync(JobView job)
    {
        var content = await app.Blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(job.ManifestBlob).DownloadContentAsync(Cancellation);
        using var manifest = JsonDocument.Parse(content.Value.Content.ToMemory());
        return manifest.RootElement.Clone();
    }

    private static Task<List<object?[]>> QueryAsync(string root, string sql) =>
        DuckDb.QueryAsync(sql.Replace("{root}", DuckDb.PathOf(root), StringComparison.Ordinal), Cancellation);

    private static long Long(object? value) => DuckDb.Count(value);

    /// <summary><c>created_at_day=2024-06-01/part-00001-0193a2b4.parquet</c>: the day's folder, the file's number, the job.</summary>
    [GeneratedRegex(@"^created_at_day=2024-06-[0-9]{2}/part-[0-9]{5}-(?<job>[0-9a-f]{8})\.parquet$")]
    private static partial Regex RecordFileName();
}
