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
    private const int FlushThresholdBytes = 64 * 1024;

    /// <summary>
    /// Writes the manifest; <paramref name="manifest"/>'s own page list is ignored in favour of <paramref name="pages"/>,
    /// which is enumerated once, so a 100,000-page manifest never exists whole in memory.
    /// </summary>
    public async Task WriteAsync(Manifest manifest, IEnumerable<PageRecord> pages, CancellationToken cancellationToken)
    {
        var blob = BlobFor(manifest.Destination);
        var options = new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        await using var stream = await blob.OpenWriteAsync(overwrite: true, options, cancellationToken);

        // The JSON goes to a buffer that is copied to the blob stream asynchronously in large chunks: serialising
        // straight into the blob stream would flush it (a blocking upload) after every entry.
        var buffer = new ArrayBufferWriter<byte>(FlushThresholdBytes * 2);
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
        foreach (var page in pages)
        {
            JsonSerializer.Serialize(writer, page, ManifestJson.Options);
            if (buffer.WrittenCount > FlushThresholdBytes)
            {
                await CopyAsync(buffer, stream, cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await CopyAsync(buffer, stream, cancellationToken);
    }

    private static async Task CopyAsync(ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    /// <summary>The manifest of a job that has ended, or null if it has none.</summary>
    public async Task<Manifest?> ReadAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        var blob = BlobFor(destination);
        try
        {
            await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            return await JsonSerializer.DeserializeAsync<Manifest>(stream, ManifestJson.Options, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private BlockBlobClient BlobFor(DestinationSpec destination) =>
        blobService.GetBlobContainerClient(destination.Container).GetBlockBlobClient(destination.ManifestBlobName);
}
