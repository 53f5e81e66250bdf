using Ingestion.Grains.Jobs.Sources;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Rebuilds a job's run from what storage holds: its stored pages from their blobs, its failed ones from the journal of
/// its current round, and the pages that were at work, handed out again. Nothing per page is kept in the grain state.
/// </summary>
public sealed class JobRestorer(UnstoredPageJournal journal, StoredPageScanner scanner)
{
    /// <param name="retrying">A retry of the failed pages: they are handed out again from the first, within the window.</param>
    internal async Task RestoreAsync(Guid jobId, JobRun run, PageUrls urls, bool retrying, CancellationToken cancellationToken)
    {
        var failed = await journal.ReadAsync(jobId, run.State.Round, cancellationToken);
        var restore = run.BeginRestore(failed, retrying);
        await foreach (var stored in scanner.StreamAsync(jobId, run.Spec, run.Destination, run.Plan.KnownUrl, cancellationToken))
        {
            if (!restore.AddStored(stored))
            {
                break;
            }
        }

        var atWork = new List<PageRecord>();
        foreach (var page in restore.Complete(run.State.DispatchedThrough))
        {
            var url = run.RestoredUrl(page) ?? await urls.UrlOfAsync(page, cancellationToken);
            atWork.Add(new PageRecord { Page = page, Url = url, Status = PageStatus.InFlight });
        }

        run.Restored(atWork);
    }
}
