using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Pipelines;

/// <summary>
/// Deletes a forgotten run's data (a pipeline's <c>retention.purgeData</c>): every blob under its prefix but the pages a
/// kept run's manifest still points at, as unchanged since. Those stay, with the prefix's owner record, so that every
/// kept manifest stays whole. Purging again deletes nothing more, so a purge cut short is simply done again.
/// </summary>
public sealed partial class RunDataPurger(IGrainFactory grains, BlobServiceClient blobs, ManifestStore manifests, ILogger<RunDataPurger> logger)
{
    private const int DeletesAtOnce = 16;

    /// <returns>How many blobs were deleted and how many kept for the kept runs.</returns>
    public async Task<(int Deleted, int Kept)> PurgeAsync(Guid jobId, IReadOnlyCollection<Guid> keptRuns, CancellationToken cancellationToken)
    {
        var job = await grains.GetGrain<IIngestionJobGrain>(jobId).GetView();
        if (job is null || job.SupersededBy is not null || !OwnsItsPrefix(job))
        {
            // Never started, replaced by a later job, or under a prefix it does not have to itself: nothing is its own to delete.
            return (0, 0);
        }

        var prefix = job.Destination.Prefix + "/";
        var referenced = await ReferencedAsync(prefix, job.Destination.Container, keptRuns, cancellationToken);
        var container = blobs.GetBlobContainerClient(job.Destination.Container);
        var doomed = new List<string>();
        string? owner = null;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (blob.Name == job.Destination.OwnerBlobName)
            {
                owner = blob.Name;
            }
            else if (!referenced.Contains(blob.Name))
            {
                doomed.Add(blob.Name);
            }
        }

        if (owner is not null && referenced.Count == 0)
        {
            // Last, so that a purge cut short still finds the prefix its job's.
            doomed.Add(owner);
        }

        await Parallel.ForEachAsync(
            doomed,
            new ParallelOptions { MaxDegreeOfParallelism = DeletesAtOnce, CancellationToken = cancellationToken },
            async (name, token) => await container.DeleteBlobIfExistsAsync(name, cancellationToken: token));
        LogPurged(jobId, job.Destination.Container, prefix, doomed.Count, referenced.Count);
        return (doomed.Count, referenced.Count);
    }

    /// <summary>Each run of a pipeline that purges writes under a prefix holding its own job id (the parser sees to it).</summary>
    private static bool OwnsItsPrefix(JobView job) =>
        job.Destination.Prefix.Contains(job.Id.ToString("D"), StringComparison.OrdinalIgnoreCase);

    /// <summary>The blobs under <paramref name="prefix"/> that the kept runs' manifests point at, read a page entry at a time.</summary>
    private async Task<HashSet<string>> ReferencedAsync(string prefix, string container, IReadOnlyCollection<Guid> keptRuns, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kept in keptRuns)
        {
            if (await grains.GetGrain<IIngestionJobGrain>(kept).GetView() is not { } view || view.Destination.Container != container)
            {
                continue;
            }

            await foreach (var page in manifests.ReadPagesAsync(kept, view.Destination, cancellationToken))
            {
                if (page is { Status: PageStatus.Unchanged, Blob: { } blob } && blob.StartsWith(prefix, StringComparison.Ordinal))
                {
                    referenced.Add(blob);
                }
            }
        }

        return referenced;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged run {JobId}: {Deleted} blobs deleted under {Container}/{Prefix}, {Kept} kept for later runs")]
    private partial void LogPurged(Guid jobId, string container, string prefix, int deleted, int kept);
}
