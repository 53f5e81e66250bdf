using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.Storage;

/// <summary>
/// Removes what earlier jobs left under a prefix that a job replaces: their manifest and their page blobs, one listing
/// page at a time, so a prefix of any size is cleared in bounded steps. Only blobs the service wrote (those that name
/// their job in metadata) directly in the pages folder are removed; the replacing job's own pages stay, and every delete
/// is conditional on the blob being the one listed, so a page written meanwhile is never lost.
/// </summary>
public sealed class PrefixClearer(BlobServiceClient blobService, ManifestStore manifests)
{
    /// <summary>Blobs listed (and at most deleted) per step.</summary>
    public const int StepSize = 1000;

    private const int DeleteConcurrency = 16;

    /// <summary>
    /// One step: the first (<paramref name="continuation"/> null) also removes the manifest. The result's
    /// <see cref="ClearingStep.Next"/> is where the next step starts, null when the prefix is clear.
    /// </summary>
    public async Task<ClearingStep> ClearStepAsync(
        DestinationSpec destination, Guid keep, string? continuation, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        var owners = new HashSet<Guid>();
        var deleted = 0;
        if (continuation is null && await DeleteManifestAsync(container, destination, keep, cancellationToken) is { } manifestOwner)
        {
            owners.Add(manifestOwner);
            deleted++;
        }

        Page<BlobItem>? page = null;
        try
        {
            await foreach (var listed in container
                .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, destination.PageBlobPrefix, cancellationToken)
                .AsPages(continuation, StepSize)
                .WithCancellation(cancellationToken))
            {
                page = listed;
                break;
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new ClearingStep(null, owners, deleted);
        }

        if (page is null)
        {
            return new ClearingStep(null, owners, deleted);
        }

        var doomed = page.Values
            .Where(blob => !blob.Name.AsSpan(destination.PageBlobPrefix.Length).Contains('/')
                && PageBlobMetadata.NamesJobOtherThan(blob.Metadata, keep))
            .ToList();
        foreach (var blob in doomed)
        {
            if (PageBlobMetadata.JobIdOf(blob.Metadata) is { } owner)
            {
                owners.Add(owner);
            }
        }

        var removed = 0;
        await Parallel.ForEachAsync(
            doomed,
            new ParallelOptions { MaxDegreeOfParallelism = DeleteConcurrency, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                var response = await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(
                    conditions: new BlobRequestConditions { IfMatch = blob.Properties.ETag }, cancellationToken: token);
                if (response.Value)
                {
                    Interlocked.Increment(ref removed);
                }
            });

        var next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        return new ClearingStep(next, owners, deleted + removed);
    }

    /// <summary>Deletes the manifest unless it is <paramref name="keep"/>'s; answers the job it named, if it named one.</summary>
    private async Task<Guid?> DeleteManifestAsync(
        BlobContainerClient container, DestinationSpec destination, Guid keep, CancellationToken cancellationToken)
    {
        if (await manifests.ReadHeadAsync(destination, cancellationToken) is not { } head || head.JobId == keep)
        {
            return null;
        }

        try
        {
            await container.GetBlobClient(destination.ManifestBlobName).DeleteIfExistsAsync(
                conditions: new BlobRequestConditions { IfMatch = head.ETag }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // Rewritten since it was read: by the replacing job itself, which is the only one that may write there now.
            return null;
        }

        return head.JobId;
    }
}
