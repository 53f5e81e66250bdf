using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;

namespace Ingestion.Storage;

/// <summary>
/// The index blob beside a manifest, <c>{prefix}/_manifest.index.json</c>: written once its manifest is committed, read
/// by listings of the manifest's entries, removed with the manifest when a later job clears the prefix.
/// </summary>
public sealed class ManifestIndexStore(BlobServiceClient blobService)
{
    // The manifest's options, and a null where the index has none is an unreadable index, not a missing column.
    private static readonly JsonSerializerOptions Options = new(ManifestJson.Options) { RespectNullableAnnotations = true };

    /// <summary>Writes (or replaces) the index of the manifest under <paramref name="destination"/>.</summary>
    public async Task WriteAsync(DestinationSpec destination, ManifestIndex index, CancellationToken cancellationToken) =>
        await BlobFor(destination).UploadAsync(
            BinaryData.FromObjectAsJson(index, Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

    /// <summary>
    /// The index of the manifest under <paramref name="destination"/>, as written (unchecked: see
    /// <see cref="ManifestIndex.FindFlaw"/>); null when there is none. Not JSON of an index is a <see cref="JsonException"/>.
    /// </summary>
    public async Task<ManifestIndex?> ReadAsync(DestinationSpec destination, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await BlobFor(destination).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }

        return content.ToObjectFromJson<ManifestIndex>(Options) ?? throw new JsonException("A manifest's index is null.");
    }

    /// <summary>Deletes the index under <paramref name="destination"/>; answers whether there was one.</summary>
    public async Task<bool> DeleteAsync(DestinationSpec destination, CancellationToken cancellationToken) =>
        (await BlobFor(destination).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;

    private BlobClient BlobFor(DestinationSpec destination) =>
        blobService.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestIndexBlobName);
}
