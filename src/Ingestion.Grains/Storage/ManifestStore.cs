using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Writes a job's manifest as a stream, one page entry at a time, with its index beside it; and reads its pages back the
/// same way, all of them or one stretch.
/// </summary>
public sealed class ManifestStore(BlobServiceClient blobService)
{
    private const int BlockBytes = 4 * 1024 * 1024;

    // The job id is the manifest's first field: this much of it always holds it.
    private const int HeadBytes = 4096;

    /// <summary>The index blobs beside the manifests.</summary>
    public ManifestIndexStore Indexes { get; } = new(blobService);

    /// <summary>How many entries apart the index's checkpoints are; tests make it small to reach many with few pages.</summary>
    internal int EntriesPerCheckpoint { get; init; } = ManifestIndex.DefaultEntriesPerCheckpoint;

    /// <summary>
    /// Writes the manifest; <paramref name="manifest"/>'s own page list is ignored in favour of <paramref name="pages"/>,
    /// which is enumerated once, so a 100,000-page manifest never exists whole in memory. The blob is staged in blocks
    /// and committed at the end: a write that fails half way leaves no manifest, never a truncated one. Its index is
    /// recorded on the way and written once the manifest is committed, naming the manifest's ETag; the manifest's
    /// metadata says an index follows, so a listing of a manifest without one never asks for it.
    /// </summary>
    public async Task WriteAsync(Manifest manifest, IAsyncEnumerable<PageRecord> pages, CancellationToken cancellationToken)
    {
        var blob = BlobFor(manifest.Destination);
        var blocks = new BlockStager(blob);
        var buffer = new ArrayBufferWriter<byte>(BlockBytes + (BlockBytes / 4));
        var index = new ManifestIndexRecorder(EntriesPerCheckpoint);
        await using var writer = new Utf8JsonWriter(buffer);

        // Everything but the page list, then the page list streamed by hand.
        var header = JsonSerializer.SerializeToElement(manifest with { Pages = [] }, ManifestJson.Options);
        writer.WriteStartObject();
        foreach (var property in header.EnumerateObject())
        {
            if (property.NameEquals("pages"))
            {
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteStartArray("pages");
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            // Everything the writer has written so far is the manifest up to here, staged or not.
            index.Add(page, writer.BytesCommitted + writer.BytesPending);
            PageRecordJson.WriteManifestEntry(writer, page);
            if (buffer.WrittenCount >= BlockBytes)
            {
                await blocks.StageAsync(buffer, cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await blocks.StageAsync(buffer, cancellationToken);
        var committed = await blocks.CommitAsync(
            new BlobHttpHeaders { ContentType = "application/json" }, cancellationToken, ManifestIndex.ManifestMetadata());
        await Indexes.WriteAsync(manifest.Destination, index.ToIndex(manifest.JobId, committed.Value.ETag), cancellationToken);
    }

    /// <summary>
    /// The page entries of a job's manifest in page order, read as a stream a buffer at a time, so that a manifest of a
    /// million pages is never whole in memory; none when the job has no manifest (or the blob is another job's).
    /// </summary>
    public async IAsyncEnumerable<PageRecord> ReadPagesAsync(
        Guid jobId, DestinationSpec destination, [EnumeratorCancellation] CancellationToken cancellationToken, int bufferBytes = 64 * 1024)
    {
        Stream stream;
        try
        {
            stream = await BlobFor(destination).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            yield break;
        }

        await using (stream)
        {
            await foreach (var page in ParseAsync(stream, new ManifestPageParser(jobId), destination, bufferBytes, cancellationToken))
            {
                yield return page;
            }
        }
    }

    /// <summary>
    /// The page entries of one stretch of a manifest (found in its index), read only if the manifest is still the one of
    /// <paramref name="manifestETag"/>: a manifest written since fails the read with a 412
    /// (<see cref="Azure.RequestFailedException"/>), before any entry. Reading stops when the caller stops asking.
    /// </summary>
    public async IAsyncEnumerable<PageRecord> ReadStretchAsync(
        DestinationSpec destination,
        Azure.ETag manifestETag,
        ManifestStretch stretch,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        int bufferBytes = 64 * 1024)
    {
        var download = await BlobFor(destination).DownloadStreamingAsync(
            new BlobDownloadOptions
            {
                Range = new Azure.HttpRange(stretch.From, stretch.To - stretch.From),
                Conditions = new BlobRequestConditions { IfMatch = manifestETag },
            },
            cancellationToken);
        await using var stream = download.Value.Content;
        await foreach (var page in ParseAsync(stream, ManifestPageParser.EntriesOnly(), destination, bufferBytes, cancellationToken))
        {
            yield return page;
        }
    }

    /// <summary>
    /// The start of the manifest under <paramref name="destination"/>: the job it names (null for one that names none)
    /// and its ETag; null when there is no manifest.
    /// </summary>
    public async Task<ManifestHead?> ReadHeadAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        try
        {
            var download = await BlobFor(destination).DownloadContentAsync(
                new BlobDownloadOptions { Range = new Azure.HttpRange(0, HeadBytes) }, cancellationToken);
            var details = download.Value.Details;
            return new ManifestHead(
                ManifestHeader.JobIdOf(download.Value.Content.ToMemory().Span), details.ETag, ManifestIndex.IsAnnouncedIn(details.Metadata));
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 416)
        {
            // An empty blob (no range to read): a manifest of no known job.
            return new ManifestHead(null, Azure.ETag.All, IndexWritten: false);
        }
    }

    /// <summary>
    /// The entries <paramref name="parser"/> finds in <paramref name="stream"/>, a buffer at a time; a stream that ends
    /// before the parser is done is an error, never a shorter list.
    /// </summary>
    private static async IAsyncEnumerable<PageRecord> ParseAsync(
        Stream stream, ManifestPageParser parser, DestinationSpec destination, int bufferBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[bufferBytes];
        var filled = 0;
        var ended = false;
        var pages = new List<PageRecord>();
        while (!parser.Done)
        {
            if (ended)
            {
                throw new JsonException($"The manifest {destination.Container}/{destination.ManifestBlobName} ends early.");
            }

            if (filled == buffer.Length)
            {
                // One entry larger than the buffer: make room for it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            filled += read;
            ended = read == 0;
            var used = parser.Parse(buffer.AsSpan(0, filled), ended, pages);
            buffer.AsSpan(used, filled - used).CopyTo(buffer);
            filled -= used;
            if (parser.IsOtherJobs)
            {
                yield break;
            }

            foreach (var page in pages)
            {
                yield return page;
            }

            pages.Clear();
        }
    }

    private BlockBlobClient BlobFor(DestinationSpec destination) =>
        blobService.GetBlobContainerClient(destination.Container).GetBlockBlobClient(destination.ManifestBlobName);
}
