using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Records;

namespace Ingestion.Storage;

/// <summary>
/// Removes what earlier jobs left under a prefix that a job replaces: their manifest and its index, their page blobs and
/// their record files, one listing page at a time, so a prefix of any size is cleared in bounded steps. Only blobs the
/// service wrote (those that name their job in metadata) directly in the pages folder, or anywhere in the records
/// folder, are removed; the replacing job's own stay, and every delete is conditional on the blob being the one listed,
/// so a blob written meanwhile is never lost.
/// </summary>
public sealed class PrefixClearer(BlobServiceClient blobService, ManifestStore manifests)
{
    /// <summary>Blobs listed (and at most deleted) per step.</summary>
    public const int StepSize = 1000;

    private const int DeleteConcurrency = 16;

    // A continuation that starts so is one into the record files, which are cleared after the pages.
    private const string RecordsPhase = "records:";

    /// <summary>
    /// One step: the first (<paramref name="continuation"/> null) also removes the manifest and its index. The result's
    /// <see cref="ClearingStep.Next"/> is where the next step starts, null when the prefix is clear. The page blobs go
    /// first, then the record files (<c>{prefix}/records/</c>, every partition folder).
    /// </summary>
    public async Task<ClearingStep> ClearStepAsync(
        DestinationSpec destination, Guid keep, string? continuation, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(destination.Container);
        var owners = new HashSet<Guid>();
        var deleted = 0;
        if (continuation is null && await DeleteManifestAsync(container, destination, keep, cancellationToken) is { } manifest)
        {
            if (manifest.Owner is { } manifestOwner)
            {
                owners.Add(manifestOwner);
            }

            deleted += manifest.Deleted;
        }

        if (continuation?.StartsWith(RecordsPhase, StringComparison.Ordinal) == true)
        {
            var marker = continuation[RecordsPhase.Length..];
            var (recordsNext, removedFiles) = await DeleteListedAsync(
                container, RecordFileNames.PrefixOf(destination), marker.Length == 0 ? null : marker, nested: true, keep, owners, cancellationToken);
            return new ClearingStep(recordsNext is null ? null : RecordsPhase + recordsNext, owners, deleted + removedFiles);
        }

        var (next, removed) = await DeleteListedAsync(container, destination.PageBlobPrefix, continuation, nested: false, keep, owners, cancellationToken);
        return new ClearingStep(next ?? RecordsPhase, owners, deleted + removed);
    }

    /// <summary>
    /// Lists one step of blobs under <paramref name="prefix"/> and deletes those another job than <paramref name="keep"/>
    /// wrote (directly under it, unless <paramref name="nested"/>); answers where the listing goes on, null at its end.
    /// </summary>
    private static async Task<(string? Next, int Removed)> DeleteListedAsync(
        BlobContainerClient container, string prefix, string? continuation, bool nested, Guid keep, HashSet<Guid> owners, CancellationToken cancellationToken)
    {
        Page<BlobItem>? page = null;
        try
        {
            await foreach (var listed in container
                .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken)
                .AsPages(continuation, StepSize)
                .WithCancellation(cancellationToken))
            {
                page = listed;
                break;
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return (null, 0);
        }

        if (page is null)
        {
            return (null, 0);
        }

        var doomed = page.Values
            .Where(blob => (nested || !blob.Name.AsSpan(prefix.Length).Contains('/'))
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

        return (string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken, removed);
    }

    /// <summary>
    /// Deletes the manifest unless it is <paramref name="keep"/>'s, and then its index when its metadata says it has one
    /// (so that a manifest written before indexes costs no request for an index that is not there); answers the job it
    /// named and how many blobs went, or null when none did.
    /// </summary>
    private async Task<(Guid? Owner, int Deleted)?> DeleteManifestAsync(
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

        // The index names the manifest just deleted: the replacing job writes its own once its manifest is committed.
        var indexDeleted = head.IndexWritten && await manifests.Indexes.DeleteAsync(destination, cancellationToken);
        return (head.JobId, indexDeleted ? 2 : 1);
    }
}
