using Azure.Storage.Blobs.Specialized;

namespace Ingestion.Storage;

/// <summary>Appends to the service's journals (append blobs in its own container).</summary>
internal static class JournalAppends
{
    /// <summary>
    /// Appends a block, creating the journal (and its container) when the first append finds none: the usual append is
    /// one request, and no "already exists" answer shows up as a failed request in the traces. Empties the block.
    /// </summary>
    public static async Task AppendAsync(
        AppendBlobClient blob, MemoryStream block, BlobContainers containers, string journalContainer, CancellationToken cancellationToken)
    {
        block.Position = 0;
        try
        {
            await blob.AppendBlockAsync(block, cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            if (exception.ErrorCode == "ContainerNotFound")
            {
                containers.Forget(journalContainer);
            }

            await containers.EnsureExistsAsync(journalContainer, cancellationToken);
            await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            block.Position = 0;
            await blob.AppendBlockAsync(block, cancellationToken: cancellationToken);
        }

        block.SetLength(0);
    }
}
