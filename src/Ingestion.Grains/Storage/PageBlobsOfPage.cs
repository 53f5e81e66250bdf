using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>
/// The blobs a job stored for one page, under any of the names its stem can take (one listing by the stem); a blob
/// there of another job, or of no job, is left out. A missing container holds none.
/// </summary>
internal static class PageBlobsOfPage
{
    public static async IAsyncEnumerable<BlobItem> ListAsync(
        BlobContainerClient container, Guid jobId, int page, string stem, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobs = container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, PageBlobNames.NamesPrefixOf(stem), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (blobs)
        {
            while (true)
            {
                try
                {
                    if (!await blobs.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    // No container: nothing stored.
                    yield break;
                }

                if (PageBlobMetadata.IsPage(blobs.Current.Metadata, jobId, page))
                {
                    yield return blobs.Current;
                }
            }
        }
    }
}
