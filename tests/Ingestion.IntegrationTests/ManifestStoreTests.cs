using System.Text.Json;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.IntegrationTests;

/// <summary>A manifest written as a stream and its pages read back as one, through a real Azurite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ManifestStoreTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_read_back_a_small_buffer_at_a_time_are_the_pages_written()
    {
        var store = new ManifestStore(cluster.Blobs);
        var jobId = Guid.CreateVersion7();
        var destination = Specs.NewDestination();
        await cluster.Blobs.GetBlobContainerClient(destination.Container).CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var pages = Enumerable.Range(1, 3_000).Select(page => Page(page)).ToList();
        await store.WriteAsync(Header(jobId, destination), pages.ToAsyncEnumerable(), Cancellation);

        // A 200-byte buffer: nearly every entry spans two reads, and the longest needs the buffer to grow.
        var read = await store.ReadPagesAsync(jobId, destination, Cancellation, bufferBytes: 200).ToListAsync(Cancellation);

        Assert.Equal(pages, read);
    }

    [Fact]
    public async Task Another_job_s_manifest_or_none_reads_as_no_pages()
    {
        var store = new ManifestStore(cluster.Blobs);
        var destination = Specs.NewDestination();
        await cluster.Blobs.GetBlobContainerClient(destination.Container).CreateIfNotExistsAsync(cancellationToken: Cancellation);

        Assert.Empty(await store.ReadPagesAsync(Guid.CreateVersion7(), destination, Cancellation).ToListAsync(Cancellation));

        await store.WriteAsync(Header(Guid.CreateVersion7(), destination), new[] { Page(1) }.ToAsyncEnumerable(), Cancellation);
        Assert.Empty(await store.ReadPagesAsync(Guid.CreateVersion7(), destination, Cancellation).ToListAsync(Cancellation));
    }

    [Fact]
    public async Task A_manifest_cut_short_is_an_error_not_a_shorter_list()
    {
        var store = new ManifestStore(cluster.Blobs);
        var jobId = Guid.CreateVersion7();
        var destination = Specs.NewDestination();
        var container = cluster.Blobs.GetBlobContainerClient(destination.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        await store.WriteAsync(Header(jobId, destination), Enumerable.Range(1, 50).Select(page => Page(page)).ToAsyncEnumerable(), Cancellation);
        var blob = container.GetBlobClient(destination.ManifestBlobName);
        var whole = (await blob.DownloadContentAsync(Cancellation)).Value.Content.ToArray();
        await blob.UploadAsync(BinaryData.FromBytes(whole[..(whole.Length / 2)]), overwrite: true, Cancellation);

        await Assert.ThrowsAnyAsync<JsonException>(async () =>
            await store.ReadPagesAsync(jobId, destination, Cancellation, bufferBytes: 256).ToListAsync(Cancellation));
    }

    private static Manifest Header(Guid jobId, DestinationSpec destination) => new()
    {
        JobId = jobId,
        Name = "a \"quoted\" name, pages: [1, 2]",
        Status = JobStatus.CompletedWithErrors,
        Source = ManifestSource.From(SourceSpec.Range("https://api.example.com/items?page={page}", 1, 3_000), 3_000),
        Destination = destination,
        CreatedAt = DateTimeOffset.UnixEpoch,
        CompletedAt = DateTimeOffset.UnixEpoch.AddHours(1),
        Counts = new ManifestCounts(3_000, 2_900, 100, 123_456),
    };

    // Every tenth page failed with an error of growing length (up to 900 characters, with quotes and non-ASCII text).
    private static PageRecord Page(int page) => page % 10 == 0
        ? new PageRecord
        {
            Page = page,
            Url = $"https://api.example.com/items?page={page}",
            Status = PageStatus.Failed,
            HttpStatus = 503,
            Attempts = 5,
            Error = string.Concat(Enumerable.Repeat("\"é\" ", page % 300)),
        }
        : new PageRecord
        {
            Page = page,
            Url = $"https://api.example.com/items?page={page}",
            Status = PageStatus.Succeeded,
            HttpStatus = 200,
            Attempts = 1,
            Blob = $"tests/pages/{page:D6}.json",
            Bytes = page * 10L,
            Sha256 = new string('a', 64),
            ContentType = "application/json",
            FetchedAt = DateTimeOffset.UnixEpoch.AddSeconds(page),
            DurationMs = page / 7.0,
        };
}
