using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Finds the pages a job has already stored by listing its page blobs with their metadata: the blobs are the record of
/// stored pages, so a resumed job fetches none of them again. Blobs left under the same prefix by another job are
/// not counted.
/// </summary>
public sealed class StoredPageScanner(BlobServiceClient blobService)
{
    /// <summary>The job's stored pages in page order (blob names sort so), one listing page at a time.</summary>
    /// <param name="knownUrl">
    /// The URL the source gives a page without fetching (a range's, an inline list's), for a blob whose URL was too long
    /// for its metadata; null when only the metadata says.
    /// </param>
    public async IAsyncEnumerable<PageRecord> StreamAsync(
        Guid jobId,
        JobSpec spec,
        DestinationSpec destination,
        Func<int, string?> knownUrl,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        var lastPage = Math.Min(spec.Source.KnownPageCount ?? int.MaxValue, spec.MaxPages);
        var pages = container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, destination.PageBlobPrefix, cancellationToken);
        await using var listing = pages.GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(listing))
        {
            var blob = listing.Current;
            if (PageBlobMetadata.TryReadPage(blob.Metadata, jobId, out var page) && page >= 1 && page <= lastPage)
            {
                yield return PageBlobMetadata.ReadRecord(
                    blob.Metadata, page, blob.Name, blob.Properties.ContentLength, blob.Properties.ContentType, knownUrl(page) ?? "");
            }
        }
    }

    private static async Task<bool> NextAsync(IAsyncEnumerator<BlobItem> listing)
    {
        try
        {
            return await listing.MoveNextAsync();
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No container yet: nothing stored.
            return false;
        }
    }
}
