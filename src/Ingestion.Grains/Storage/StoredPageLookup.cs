using Azure.Storage.Blobs;
using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Finds the blob a job already stored for a page, under any of its names: a page handed out again after its silo died
/// or stopped may have been stored by the activation that was lost before it could report. One listing by the page's
/// stem; the blob counts only if its metadata names this job and this page.
/// </summary>
public sealed class StoredPageLookup(BlobServiceClient blobService)
{
    /// <summary>The page's record read from its blob, or null when the job has not stored it.</summary>
    public async Task<PageRecord?> FindAsync(PageFetchRequest request, CancellationToken cancellationToken)
    {
        await foreach (var blob in PageBlobsOfPage.ListAsync(
            blobService.GetBlobContainerClient(request.Container), request.JobId, request.Page, request.BlobNameStem, cancellationToken))
        {
            return PageBlobMetadata.ReadRecord(
                blob.Metadata, request.Page, blob.Name, blob.Properties.ContentLength, blob.Properties.ContentType, request.Url)
                with { ReachedFrom = request.ReachedFrom };
        }

        return null;
    }
}
