using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>
/// Removes a page's blob when the page turns out not to be one of the job's (past the end of its source). The blob's
/// name is known when the page reported it; when the page was cancelled while its upload was under way, it may have
/// been stored all the same under a name the job never heard, so the page's names are looked up.
/// </summary>
public sealed class PageBlobRemover(BlobServiceClient blobService)
{
    public async Task RemoveAsync(Guid jobId, DestinationSpec destination, int page, string? blobName, string stem, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        if (blobName is not null)
        {
            await container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return;
        }

        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, PageBlobNames.NamesPrefixOf(stem), cancellationToken))
            {
                if (PageBlobMetadata.IsPage(blob.Metadata, jobId, page))
                {
                    await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No container: nothing stored.
        }
    }
}
