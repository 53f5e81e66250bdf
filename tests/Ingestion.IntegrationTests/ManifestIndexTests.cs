using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A manifest's entries listed through the index written with it, on a real Azurite: every slice is the one a read of
/// the whole manifest gives, and only a stretch of the manifest is read for it. A manifest that changed since its index
/// was written, one without an index, or one whose index is damaged is read whole instead, with the same answer.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ManifestIndexTests
{
    private const int EntryCount = 2_500;

    private static readonly PageStatus?[] Statuses =
        [null, PageStatus.Succeeded, PageStatus.Failed, PageStatus.Cancelled, PageStatus.Unchanged, PageStatus.Pending];

    private readonly BlobReadLog _reads = new();
    private readonly RecordingLogger<ManifestPageListing> _log = new();
    private readonly BlobServiceClient _blobs;
    private readonly ManifestPageListing _listing;

    public ManifestIndexTests(SharedCluster cluster)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(_reads, HttpPipelinePosition.PerCall);
        _blobs = cluster.Azurite.CreateBlobServiceClient(options);
        _listing = new ManifestPageListing(Store(entriesPerCheckpoint: 10), _log);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_slice_listed_through_the_index_is_the_slice_a_full_scan_lists()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        var head = await HeadAsync(destination);
        Assert.Equal(entries, await Store(10).ReadPagesAsync(jobId, destination, Cancellation).ToListAsync(Cancellation));

        foreach (var status in Statuses)
        {
            foreach (var skip in (int[])[0, 1, 9, 10, 11, 999, 1_000, 1_001, 1_234, 1_250, 2_399, 2_490, 2_499, 2_500, 2_501, 10_000])
            {
                foreach (var take in (int[])[1, 3, 10, 25, 1_000])
                {
                    var listed = await _listing.ListAsync(jobId, destination, head, status, skip, take, Cancellation);

                    AssertSlice(entries, status, skip, take, listed);
                }
            }

            // The whole-manifest read that listings fall back to gives the same slices.
            foreach (var skip in (int[])[0, 1_234, 2_499])
            {
                AssertSlice(entries, status, skip, 25, await _listing.ListAsync(jobId, destination, head with { IndexWritten = false }, status, skip, 25, Cancellation));
            }
        }

        Assert.Empty(_log.Messages);
    }

    [Fact]
    public async Task A_deep_slice_reads_the_index_and_one_stretch_of_the_manifest_not_the_manifest()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 100);
        var head = await HeadAsync(destination);
        var manifestBytes = (await _blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestBlobName)
            .GetPropertiesAsync(cancellationToken: Cancellation)).Value.ContentLength;
        _reads.Clear();

        var deep = await _listing.ListAsync(jobId, destination, head, null, 2_400, 10, Cancellation);
        var failed = await _listing.ListAsync(jobId, destination, head, PageStatus.Failed, 300, 10, Cancellation);

        AssertSlice(entries, null, 2_400, 10, deep);
        AssertSlice(entries, PageStatus.Failed, 300, 10, failed);
        var manifestReads = _reads.Of(destination.ManifestBlobName);
        Assert.Equal(2, manifestReads.Count);
        Assert.All(manifestReads, read => Assert.StartsWith("bytes=", read.Range, StringComparison.Ordinal));
        Assert.All(manifestReads, read => Assert.InRange(read.Bytes, 1, manifestBytes / 5));
        Assert.Equal(2, _reads.Of(destination.ManifestIndexBlobName).Count);
    }

    [Fact]
    public async Task Writing_the_manifest_again_writes_its_index_again()
    {
        var (jobId, destination, _) = await WriteAsync(entriesPerCheckpoint: 10);

        // As a retry of the failed pages does: the same job's manifest, now with every page stored.
        var retried = Entries().Select(entry => entry.Status == PageStatus.Failed ? entry with { Status = PageStatus.Succeeded, Error = null } : entry).ToList();
        await Store(10).WriteAsync(Header(jobId, destination), retried.ToAsyncEnumerable(), Cancellation);
        var head = await HeadAsync(destination);

        var index = await Store(10).Indexes.ReadAsync(destination, Cancellation);
        Assert.Equal(head.ETag.ToString(), index!.ManifestETag);
        AssertSlice(retried, PageStatus.Failed, 0, 10, await _listing.ListAsync(jobId, destination, head, PageStatus.Failed, 0, 10, Cancellation));
        AssertSlice(retried, PageStatus.Succeeded, 2_000, 100, await _listing.ListAsync(jobId, destination, head, PageStatus.Succeeded, 2_000, 100, Cancellation));
        Assert.Empty(_log.Messages);
    }

    [Fact]
    public async Task A_manifest_written_again_after_its_index_is_read_whole()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        var manifest = _blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestBlobName);
        var content = (await manifest.DownloadContentAsync(Cancellation)).Value;
        await manifest.UploadAsync(content.Content, new BlobUploadOptions { Metadata = content.Details.Metadata }, Cancellation);
        var head = await HeadAsync(destination);
        _reads.Clear();

        var listed = await _listing.ListAsync(jobId, destination, head, PageStatus.Failed, 300, 10, Cancellation);

        AssertSlice(entries, PageStatus.Failed, 300, 10, listed);
        Assert.Contains(_log.Messages, message => message.Contains("changed since its index was written", StringComparison.Ordinal));
        Assert.All(_reads.Of(destination.ManifestBlobName), read => Assert.StartsWith("bytes=0-", read.Range, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manifest_that_changes_while_it_is_listed_fails_the_stretch_read_and_is_read_whole()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        var head = await HeadAsync(destination);
        var manifest = _blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestBlobName);
        var content = (await manifest.DownloadContentAsync(Cancellation)).Value;
        var changed = content.Content.ToString().Replace("\"status\":\"Failed\"", "\"status\":\"Cancelled\"", StringComparison.Ordinal);
        await manifest.UploadAsync(BinaryData.FromString(changed), new BlobUploadOptions { Metadata = content.Details.Metadata }, Cancellation);
        var now = entries.Select(entry => entry.Status == PageStatus.Failed ? entry with { Status = PageStatus.Cancelled } : entry).ToList();

        // The head was read before the manifest changed, and its index still names it: each listing's read of a stretch
        // finds the manifest changed, and reads it whole as it is now.
        var failed = await _listing.ListAsync(jobId, destination, head, PageStatus.Failed, 10, 10, Cancellation);
        var cancelled = await _listing.ListAsync(jobId, destination, head, PageStatus.Cancelled, 50, 10, Cancellation);

        AssertSlice(now, PageStatus.Failed, 10, 10, failed);
        AssertSlice(now, PageStatus.Cancelled, 50, 10, cancelled);
        Assert.Contains(_reads.Of(destination.ManifestBlobName), read => read.Status == 412);
    }

    [Fact]
    public async Task A_manifest_written_before_indexes_is_read_whole_without_asking_for_one()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        var container = _blobs.GetBlobContainerClient(destination.Container);
        var manifest = container.GetBlobClient(destination.ManifestBlobName);
        await manifest.UploadAsync((await manifest.DownloadContentAsync(Cancellation)).Value.Content, overwrite: true, Cancellation);
        await container.GetBlobClient(destination.ManifestIndexBlobName).DeleteAsync(cancellationToken: Cancellation);
        var head = await HeadAsync(destination);
        _reads.Clear();

        var listed = await _listing.ListAsync(jobId, destination, head, null, 2_450, 100, Cancellation);

        AssertSlice(entries, null, 2_450, 100, listed);
        Assert.False(head.IndexWritten);
        Assert.Empty(_reads.Of(destination.ManifestIndexBlobName));
        Assert.Empty(_log.Messages);
    }

    [Fact]
    public async Task A_manifest_whose_index_was_deleted_is_read_whole()
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        await _blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestIndexBlobName).DeleteAsync(cancellationToken: Cancellation);

        var listed = await _listing.ListAsync(jobId, destination, await HeadAsync(destination), PageStatus.Unchanged, 150, 100, Cancellation);

        AssertSlice(entries, PageStatus.Unchanged, 150, 100, listed);
        Assert.Contains(_log.Messages, message => message.Contains("is not there", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not JSON")]
    [InlineData("offsets inside entries")]
    [InlineData("counts that do not add up")]
    [InlineData("pages of other entries")]
    [InlineData("another job's")]
    public async Task A_damaged_index_is_not_used_and_the_manifest_is_read_whole(string damage)
    {
        var (jobId, destination, entries) = await WriteAsync(entriesPerCheckpoint: 10);
        var index = _blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestIndexBlobName);
        var json = JsonNode.Parse((await index.DownloadContentAsync(Cancellation)).Value.Content.ToString())!;
        await index.UploadAsync(BinaryData.FromString(Damage(json, damage)), overwrite: true, Cancellation);
        var head = await HeadAsync(destination);

        var deep = await _listing.ListAsync(jobId, destination, head, null, 1_234, 30, Cancellation);
        var failed = await _listing.ListAsync(jobId, destination, head, PageStatus.Failed, 200, 30, Cancellation);

        AssertSlice(entries, null, 1_234, 30, deep);
        AssertSlice(entries, PageStatus.Failed, 200, 30, failed);
        Assert.Equal(2, _log.Messages.Count);
    }

    [Fact]
    public async Task Clearing_the_prefix_for_another_job_removes_the_manifest_and_its_index()
    {
        var (_, destination, _) = await WriteAsync(entriesPerCheckpoint: 10);
        var container = _blobs.GetBlobContainerClient(destination.Container);

        var step = await new PrefixClearer(_blobs, Store(10)).ClearStepAsync(destination, keep: Guid.CreateVersion7(), continuation: null, Cancellation);

        Assert.Equal(2, step.Deleted);
        Assert.False(await container.GetBlobClient(destination.ManifestBlobName).ExistsAsync(Cancellation));
        Assert.False(await container.GetBlobClient(destination.ManifestIndexBlobName).ExistsAsync(Cancellation));
    }

    /// <summary>The index's JSON made wrong in one way.</summary>
    private static string Damage(JsonNode index, string damage)
    {
        if (damage == "not JSON")
        {
            return "{\"format\": 1, \"jobId\": ";
        }

        if (damage == "another job's")
        {
            index["jobId"] = Guid.CreateVersion7().ToString();
        }

        var (column, shift, from) = damage switch
        {
            "offsets inside entries" => (index["offsets"]!.AsArray(), 5, 1),
            "pages of other entries" => (index["pages"]!.AsArray(), 1, 0),
            "counts that do not add up" => (index["statuses"]![0]!["before"]!.AsArray(), 1, 100),
            _ => (new JsonArray(), 0, 0),
        };
        for (var checkpoint = from; checkpoint < column.Count && shift != 0; checkpoint++)
        {
            column[checkpoint] = column[checkpoint]!.GetValue<long>() + shift;
        }

        return index.ToJsonString();
    }

    private static void AssertSlice(IReadOnlyList<PageRecord> entries, PageStatus? status, int skip, int take, Listing<PageRecord> listed)
    {
        var matching = entries.Where(entry => status is null || entry.Status == status).ToList();
        Assert.Equal(matching.Count, listed.Total);
        Assert.Equal(matching.Skip(skip).Take(take), listed.Items);
        Assert.Equal((skip, take), (listed.Skip, listed.Take));
    }

    private ManifestStore Store(int entriesPerCheckpoint) => new(_blobs) { EntriesPerCheckpoint = entriesPerCheckpoint };

    private async Task<ManifestHead> HeadAsync(DestinationSpec destination) =>
        await Store(10).ReadHeadAsync(destination, Cancellation) ?? throw new InvalidOperationException("No manifest.");

    private async Task<(Guid JobId, DestinationSpec Destination, List<PageRecord> Entries)> WriteAsync(int entriesPerCheckpoint)
    {
        var jobId = Guid.CreateVersion7();
        var destination = Specs.NewDestination();
        await _blobs.GetBlobContainerClient(destination.Container).CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var entries = Entries();
        await Store(entriesPerCheckpoint).WriteAsync(Header(jobId, destination), entries.ToAsyncEnumerable(), Cancellation);
        return (jobId, destination, entries);
    }

    private static Manifest Header(Guid jobId, DestinationSpec destination) => new()
    {
        JobId = jobId,
        Status = JobStatus.CompletedWithErrors,
        Source = ManifestSource.From(SourceSpec.Range("https://api.example.com/items?page={page}", 1, EntryCount), EntryCount),
        Destination = destination,
        CreatedAt = DateTimeOffset.UnixEpoch,
        CompletedAt = DateTimeOffset.UnixEpoch.AddHours(1),
        Counts = new ManifestCounts(EntryCount, 0, 0, 0),
    };

    /// <summary>
    /// Mostly stored pages; every 7th failed (with errors of varying length, quotes and non-ASCII text), every 13th
    /// unchanged, and a run of 100 cancelled with neither among them, so a status's count stays put across checkpoints.
    /// </summary>
    private static List<PageRecord> Entries() =>
        [.. Enumerable.Range(1, EntryCount).Select(page => new PageRecord
        {
            Page = page,
            Url = $"https://api.example.com/items?page={page}",
            Status = page switch
            {
                >= 1_200 and < 1_300 => PageStatus.Cancelled,
                _ when page % 7 == 0 => PageStatus.Failed,
                _ when page % 13 == 0 => PageStatus.Unchanged,
                _ => PageStatus.Succeeded,
            },
            Attempts = 1,
            Blob = page % 7 == 0 ? null : $"tests/pages/{page:D6}.json",
            Error = page % 7 == 0 ? new StringBuilder().Insert(0, "\"é\" ", page % 40).ToString() : null,
        })];
}
