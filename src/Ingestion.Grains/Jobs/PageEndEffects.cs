using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Carries out what a page's report or findings call for (<see cref="PageEndOutcome"/>): cancels the pages handed out
/// past a new end and removes any blob they or a page past the end left, and saves the end at once.
/// </summary>
internal sealed class PageEndEffects(JobPeers peers, PageBlobRemover pageBlobs, JobSaves saves, Guid jobId, ILogger logger)
{
    public async Task ApplyAsync(JobRun run, PageEndOutcome outcome)
    {
        var answers = await peers.CancelAsync(outcome.CancelBeyond);
        foreach (var (page, answer) in outcome.CancelBeyond.Zip(answers))
        {
            // No page of the job, so no blob of it either: one stored before the cancel took effect, or while it did.
            if (answer is null or { Blob: not null })
            {
                await TryRemoveBlobAsync(run, page, answer?.Blob);
            }
        }

        if (outcome.Discard is { } discarded)
        {
            await TryRemoveBlobAsync(run, discarded.Page, discarded.Blob);
        }

        if (outcome.EndFound)
        {
            JobLog.EndFound(logger, jobId, run.Tally.End ?? 0, run.State.EndReason ?? "");
            await saves.TryNowAsync(run);
        }
    }

    private async Task TryRemoveBlobAsync(JobRun run, int page, string? blobName)
    {
        try
        {
            await pageBlobs.RemoveAsync(jobId, run.Destination, page, blobName, run.StemOf(page), CancellationToken.None);
        }
        catch (Exception exception)
        {
            JobLog.DiscardFailed(logger, exception, jobId, page);
        }
    }
}
