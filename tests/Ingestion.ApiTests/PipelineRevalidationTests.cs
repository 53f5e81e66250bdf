using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Ingestion.Testing;

namespace Ingestion.ApiTests;

/// <summary>
/// A pipeline's runs revalidate what the run before fetched: on a two-silo cluster, against a server that sends
/// validators and answers conditional requests, with every page read back from Azurite by way of the manifest.
/// </summary>
[Collection(ClusterFailoverCollection.Name)]
public sealed class PipelineRevalidationTests : IAsyncLifetime
{
    private const int Pages = 40;
    private const string Container = "revalidated";

    private PipelineApiHost _host = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private PipelineCalls Calls => _host.Calls;

    public async ValueTask InitializeAsync() => _host = await PipelineApiHost.StartAsync(Cancellation);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(RevalidatingSourceValidators.Both)]
    [InlineData(RevalidatingSourceValidators.ETag)]
    [InlineData(RevalidatingSourceValidators.LastModified)]
    public async Task A_run_over_an_unchanged_source_uploads_nothing_and_a_changed_page_is_fetched_and_stored(
        RevalidatingSourceValidators validators)
    {
        await using var source = await RevalidatingSource.StartAsync(Pages, validators, Cancellation);
        var prefix = $"sync-{validators}".ToLowerInvariant();
        var id = await Calls.CreateAsync($$"""
            { "name": "pages-{{prefix}}", "schedule": { "cron": "0 0 1 1 *" },
              "job": { "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": {{Pages}} } },
                       "destination": { "container": "{{Container}}", "prefix": "{{prefix}}/{runId}" } } }
            """);

        // Run 1 fetches every page in full.
        var first = await RunAsync(id, number: 1);
        Assert.Equal((Pages, 0), (source.Full, source.Conditional));
        Assert.Equal((Pages, 0), Counts(first));

        // Run 2: every request is conditional, every answer a 304, and not a byte is uploaded.
        source.ResetCounts();
        var second = await RunAsync(id, number: 2);
        Assert.Equal((0, Pages, Pages), (source.Full, source.NotModified, source.Conditional));
        Assert.Equal((0, Pages), Counts(second));
        Assert.Equal(0, second.GetProperty("bytes").GetInt64());
        Assert.Empty(await BlobsUnderAsync($"{second.GetProperty("destination").GetProperty("prefix").GetString()}/pages/"));
        Assert.Equal(id, second.GetProperty("pipelineId").GetGuid());
        Assert.Equal(2, second.GetProperty("runNumber").GetInt32());

        // Two pages change: run 3 fetches and stores those two, and the rest stay where run 1 stored them.
        source.Change(7);
        source.Change(23);
        source.ResetCounts();
        var third = await RunAsync(id, number: 3);
        Assert.Equal((2, Pages - 2, Pages), (source.Full, source.NotModified, source.Conditional));
        Assert.Equal((2, Pages - 2), Counts(third));
        var stored = await BlobsUnderAsync($"{third.GetProperty("destination").GetProperty("prefix").GetString()}/pages/");
        Assert.Equal(2, stored.Count);

        // The last manifest, read as a downstream loader reads it, gives every page's current content.
        var manifest = await ManifestOfAsync(third);
        var entries = manifest.GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, Pages), entries.Select(entry => entry.GetProperty("page").GetInt32()));
        var firstPrefix = first.GetProperty("destination").GetProperty("prefix").GetString()!;
        foreach (var entry in entries)
        {
            var page = entry.GetProperty("page").GetInt32();
            var changed = page is 7 or 23;
            Assert.Equal(changed ? "Succeeded" : "Unchanged", entry.GetProperty("status").GetString());
            var blob = entry.GetProperty("blob").GetString()!;
            Assert.Equal(!changed, blob.StartsWith(firstPrefix + "/", StringComparison.Ordinal));
            var content = (await Blobs.GetBlobClient(blob).DownloadContentAsync(Cancellation)).Value.Content.ToArray();
            Assert.Equal(source.BodyOf(page), content);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), entry.GetProperty("sha256").GetString());
        }

        Assert.Equal(Pages - 2, manifest.GetProperty("counts").GetProperty("unchanged").GetInt32());
        Assert.Equal(3, manifest.GetProperty("run").GetProperty("runNumber").GetInt32());

        // The unchanged pages are listed as such.
        var listed = await Calls.GetJsonAsync($"/api/jobs/{third.GetProperty("id").GetGuid()}/pages?status=unchanged&take=100");
        Assert.Equal(Pages - 2, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Each_run_s_records_hold_every_page_s_records_those_of_unchanged_pages_read_from_the_baseline_s_blobs()
    {
        const int RecordPages = 12;
        await using var source = await RevalidatingSource.StartAsync(RecordPages, RevalidatingSourceValidators.Both, Cancellation);
        var id = await Calls.CreateAsync($$"""
            { "name": "records-revalidated", "schedule": { "cron": "0 0 1 1 *" },
              "job": { "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": {{RecordPages}} } },
                       "destination": { "container": "{{Container}}", "prefix": "records/{runId}" },
                       "records": { "pointer": "/items", "format": "jsonl.gz", "lineage": true } } }
            """);

        var first = await RunAsync(id, number: 1);
        var second = await RunAsync(id, number: 2);
        source.Change(5);
        var third = await RunAsync(id, number: 3);

        Assert.Equal((0, RecordPages), Counts(second));
        Assert.Equal((1, RecordPages - 1), Counts(third));
        foreach (var (run, changedPage) in new[] { (first, 0), (second, 0), (third, 5) })
        {
            var records = await RecordsOfAsync(run);
            Assert.Equal(Enumerable.Range(1, RecordPages), records.Select(record => record.Page).Order());
            Assert.All(records, record => Assert.Equal(record.Page == changedPage ? 1 : 0, record.Version));
            Assert.All(records, record => Assert.Equal(record.Page, record.LineagePage));
            Assert.Equal(RecordPages, run.GetProperty("records").GetProperty("rows").GetInt64());
        }

        // The records as the API describes them: the files committed, their rows, the schema.
        var described = await Calls.GetJsonAsync($"/api/jobs/{third.GetProperty("id").GetGuid()}/records");
        Assert.Equal(RecordPages, described.GetProperty("rows").GetInt64());
        Assert.Equal("jsonl.gz", described.GetProperty("format").GetString());
        Assert.Equal(RecordPages, described.GetProperty("files").EnumerateArray().Sum(file => file.GetProperty("rows").GetInt64()));
        Assert.Equal(["page", "version", "_job_id", "_page", "_fetched_at"], described.GetProperty("schema").EnumerateArray().Select(field => field.GetProperty("name").GetString()));
        Assert.Equal(0, described.GetProperty("errorPages").GetInt32());
    }

    [Fact]
    public async Task A_forgotten_run_s_data_is_purged_but_for_the_pages_a_kept_run_still_points_at()
    {
        const int PurgePages = 10;
        await using var source = await RevalidatingSource.StartAsync(PurgePages, RevalidatingSourceValidators.Both, Cancellation);
        var id = await Calls.CreateAsync($$"""
            { "name": "pages-purged", "schedule": { "cron": "0 0 1 1 *" }, "retention": { "keepRuns": 1, "purgeData": true },
              "job": { "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": {{PurgePages}} } },
                       "destination": { "container": "{{Container}}", "prefix": "purged/{runId}" } } }
            """);

        var first = await RunAsync(id, number: 1);
        source.Change(3);
        var second = await RunAsync(id, number: 2);
        var firstPrefix = first.GetProperty("destination").GetProperty("prefix").GetString()!;

        // Run 1 is forgotten once run 2 has ended: its changed page and its manifest go; the nine run 2 points at stay.
        var left = await WaitForBlobsAsync($"{firstPrefix}/", blobs => blobs.Count == PurgePages - 1 + 1);
        Assert.Equal(PurgePages - 1, left.Count(name => name.Contains("/pages/", StringComparison.Ordinal)));
        Assert.DoesNotContain(left, name => name.EndsWith("/pages/000003.json", StringComparison.Ordinal));
        Assert.Contains($"{firstPrefix}/_job.json", left);

        // Run 3 changes nothing: run 2 is forgotten, but its page 3 is where run 3's manifest finds page 3.
        var third = await RunAsync(id, number: 3);
        var secondPrefix = second.GetProperty("destination").GetProperty("prefix").GetString()!;
        var secondLeft = await WaitForBlobsAsync($"{secondPrefix}/", blobs => !blobs.Any(name => name.Contains("/_manifest", StringComparison.Ordinal)));
        Assert.Equal([$"{secondPrefix}/_job.json", $"{secondPrefix}/pages/000003.json"], secondLeft.Order(StringComparer.Ordinal));

        var manifest = await ManifestOfAsync(third);
        foreach (var entry in manifest.GetProperty("pages").EnumerateArray())
        {
            var content = (await Blobs.GetBlobClient(entry.GetProperty("blob").GetString()).DownloadContentAsync(Cancellation)).Value.Content.ToArray();
            Assert.Equal(source.BodyOf(entry.GetProperty("page").GetInt32()), content);
        }

        var runs = await Calls.GetJsonAsync($"/api/pipelines/{id}/runs");
        Assert.Equal([3], runs.GetProperty("items").EnumerateArray().Select(run => run.GetProperty("number").GetInt32()));
    }

    /// <summary>The blobs under a prefix once <paramref name="done"/> holds for them, bounded.</summary>
    private async Task<List<string>> WaitForBlobsAsync(string prefix, Func<List<string>, bool> done)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var blobs = await BlobsUnderAsync(prefix);
            if (done(blobs))
            {
                return blobs;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }

    [Fact]
    public async Task Runs_that_share_a_prefix_never_revalidate_as_each_replaces_the_blobs_before_it()
    {
        await using var source = await RevalidatingSource.StartAsync(5, RevalidatingSourceValidators.Both, Cancellation);
        var id = await Calls.CreateAsync($$"""
            { "name": "pages-shared", "schedule": { "cron": "0 0 1 1 *" },
              "job": { "source": { "urlTemplate": "{{source.UrlTemplate}}", "pages": { "from": 1, "to": 5 } },
                       "destination": { "container": "{{Container}}", "prefix": "shared", "ifExists": "replace" } } }
            """);

        await RunAsync(id, number: 1);
        var second = await RunAsync(id, number: 2);

        Assert.Equal((10, 0), (source.Full, source.Conditional));
        Assert.Equal((5, 0), Counts(second));
    }

    private BlobContainerClient Blobs => _host.Cluster.Blobs.GetBlobContainerClient(Container);

    private static (int Succeeded, int Unchanged) Counts(JsonElement job) =>
        (job.GetProperty("pages").GetProperty("succeeded").GetInt32(), job.GetProperty("pages").GetProperty("unchanged").GetInt32());

    /// <summary>Triggers run <paramref name="number"/> and answers its job once the pipeline has seen it complete.</summary>
    private async Task<JsonElement> RunAsync(Guid id, int number)
    {
        var (_, run) = await Calls.TriggerAsync(id);
        Assert.Equal(number, run.GetProperty("number").GetInt32());
        await Calls.WaitForRunEndAsync(id, number);
        return await Calls.GetJsonAsync($"/api/jobs/{run.GetProperty("jobId").GetGuid()}");
    }

    private async Task<List<string>> BlobsUnderAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, Cancellation))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Every record in a run's JSON Lines record files: its page and version, and the page its lineage names.</summary>
    private async Task<List<(int Page, int Version, int LineagePage)>> RecordsOfAsync(JsonElement job)
    {
        var records = new List<(int Page, int Version, int LineagePage)>();
        foreach (var name in await BlobsUnderAsync($"{job.GetProperty("destination").GetProperty("prefix").GetString()}/records/"))
        {
            await using var stream = await Blobs.GetBlobClient(name).OpenReadAsync(cancellationToken: Cancellation);
            await using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            while (await reader.ReadLineAsync(Cancellation) is { Length: > 0 } line)
            {
                using var record = JsonDocument.Parse(line);
                var root = record.RootElement;
                records.Add((root.GetProperty("page").GetInt32(), root.GetProperty("version").GetInt32(), root.GetProperty("_page").GetInt32()));
            }
        }

        return records;
    }

    private async Task<JsonElement> ManifestOfAsync(JsonElement job)
    {
        var content = await Blobs.GetBlobClient(job.GetProperty("manifestBlob").GetString()).DownloadContentAsync(Cancellation);
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone();
    }
}
