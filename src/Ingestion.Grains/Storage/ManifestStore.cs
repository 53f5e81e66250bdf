using System.Buffers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>Writes a job's manifest as a stream, one page entry at a time, and reads it back.</summary>
public sealed class ManifestStore(BlobServiceClient blobService)
{
    private const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Writes the manifest; <paramref name="manifest"/>'s own page list is ignored in favour of <paramref name="pages"/>,
    /// which is enumerated once, so a 100,000-page manifest never exists whole in memory. The blob is staged in blocks
    /// and committed at the end: a write that fails half way leaves no manifest, never a truncated one.
    /// </summary>
    public async Task WriteAsync(Manifest manifest, IAsyncEnumerable<PageRecord> pages, CancellationToken cancellationToken)
    {
        var blob = BlobFor(manifest.Destination);
        var blocks = new BlockStager(blob);
        var buffer = new ArrayBufferWriter<byte>(BlockBytes + (BlockBytes / 4));
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
            JsonSerializer.Serialize(writer, page, ManifestJson.Options);
            if (buffer.WrittenCount >= BlockBytes)
            {
                await blocks.StageAsync(buffer, cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await blocks.StageAsync(buffer, cancellationToken);
        await blocks.CommitAsync(new BlobHttpHeaders { ContentType = "application/json" }, cancellationToken);
    }

    /// <summary>The manifest of a job that has ended, or null if it has none (or the blob is another job's).</summary>
    public async Task<Manifest?> ReadAsync(Guid jobId, DestinationSpec destination, CancellationToken cancellationToken)
    {
        var blob = BlobFor(destination);
        try
        {
            await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            var manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, ManifestJson.Options, cancellationToken);
            return manifest?.JobId == jobId ? manifest : null;
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private BlockBlobClient BlobFor(DestinationSpec destination) =>
        blobService.GetBlobContainerClient(destination.Container).GetBlockBlobClient(destination.ManifestBlobName);
}
