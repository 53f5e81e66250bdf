using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>
/// Removes a page's blobs: its blob, when the page turns out not to be one of the job's (past the end of its source), and
/// the names it no longer has, when it was stored again under another one. A page's name ends with an extension its
/// response's Content-Type gives (<see cref="PageBlobNames"/>), so an attempt may store it under a name an earlier
/// attempt did not use, and the job never hears of a name an attempt stored before it was cancelled or cut off: such
/// names are found by listing the page's stem.
/// </summary>
public sealed class PageBlobRemover(BlobServiceClient blobService)
{
    /// <summary>
    /// Removes the page's blob: <paramref name="blobName"/> when the page reported it, else whatever the page stored
    /// under <paramref name="stem"/>.
    /// </summary>
    public async Task RemoveAsync(Guid jobId, DestinationSpec destination, int page, string? blobName, string stem, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        if (blobName is not null)
        {
            await container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return;
        }

        await RemoveNamesAsync(container, jobId, page, stem, kept: null, cancellationToken);
    }

    /// <summary>Removes every name the page has under <paramref name="stem"/> but <paramref name="kept"/>, the one it was just stored under.</summary>
    public Task RemoveOtherNamesAsync(string container, Guid jobId, int page, string stem, string kept, CancellationToken cancellationToken) =>
        RemoveNamesAsync(blobService.GetBlobContainerClient(container), jobId, page, stem, kept, cancellationToken);

    /// <summary>
    /// Removes every page blob <paramref name="jobId"/> stored under <paramref name="destination"/>, a listing page at
    /// a time; answers how many.
    /// </summary>
    public async Task<int> RemoveAllAsync(Guid jobId, DestinationSpec destination, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        var removed = 0;
        await foreach (var listed in container
            .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, destination.PageBlobPrefix, cancellationToken)
            .AsPages(pageSizeHint: 1000)
            .WithCancellation(cancellationToken))
        {
            var doomed = listed.Values.Where(blob => PageBlobMetadata.TryReadPage(blob.Metadata, jobId, out _)).ToList();
            await Parallel.ForEachAsync(
                doomed,
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (blob, token) => await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: token));
            removed += doomed.Count;
        }

        return removed;
    }

    private static async Task RemoveNamesAsync(
        BlobContainerClient container, Guid jobId, int page, string stem, string? kept, CancellationToken cancellationToken)
    {
        await foreach (var blob in PageBlobsOfPage.ListAsync(container, jobId, page, stem, cancellationToken))
        {
            if (blob.Name != kept)
            {
                await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            }
        }
    }
}
