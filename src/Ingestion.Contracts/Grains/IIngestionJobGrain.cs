using Ingestion.Jobs;
using Ingestion.Pages;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>Owns one ingestion job: fans its pages out to page-fetch grains and keeps the tally.</summary>
[Alias("Ingestion.IIngestionJobGrain")]
public interface IIngestionJobGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Starts the job; starting a job that exists already returns it unchanged. The spec is kept exactly as given, so
    /// a repeated submission can be compared with the first. First the job takes its destination prefix: when that
    /// belongs to another job and the spec's <see cref="DestinationSpec.IfExists"/> does not say what to do, the answer is
    /// a conflict and no job is created.
    /// </summary>
    [Alias("Start")]
    Task<StartResult> Start(JobSpec spec);

    /// <summary>
    /// The job, or null when no job has this id. It interleaves with everything else the job does, so that it answers at
    /// once even while the job waits on storage; its status is always one that has been saved.
    /// </summary>
    [Alias("GetView"), AlwaysInterleave]
    Task<JobView?> GetView();

    /// <summary>
    /// The job's pages in page order, optionally only those in one status; null when no job has this id. An ended job
    /// lists them from its manifest; if that is gone (the job was superseded, or the blob deleted or overwritten) the
    /// listing says so instead of answering none.
    /// </summary>
    [Alias("GetPages"), ReadOnly]
    Task<PageListing?> GetPages(PageStatus? status, int skip, int take);

    /// <summary>
    /// Runs an ended job again over the pages it did not store (those that failed, and those a job that stopped early
    /// never fetched), into the same prefix; the manifest is written anew when it ends. Stored pages are not fetched again.
    /// </summary>
    [Alias("RetryFailed")]
    Task<RetryResult> RetryFailed();

    /// <summary>
    /// Another job (<paramref name="by"/>) replaced this one's pages under its prefix: the job records that, and its view
    /// and listings say so from now on.
    /// </summary>
    [Alias("MarkSuperseded")]
    Task MarkSuperseded(Guid by, DateTimeOffset at);

    /// <summary>
    /// Cancels the job: in-flight requests are aborted, waiting retries dropped, and no page blob is written once this
    /// returns. The manifest records the pages stored before. Cancelling a cancelled job changes nothing.
    /// </summary>
    [Alias("Cancel")]
    Task<CancelResult> Cancel();

    /// <summary>Whether the job still wants this page fetched (false once it has ended or the page is done).</summary>
    [Alias("IsPageWanted"), AlwaysInterleave]
    Task<bool> IsPageWanted(int page);

    /// <summary>A page-fetch grain reports that an attempt failed and another is scheduled (for progress only).</summary>
    [Alias("OnPageRetrying"), OneWay]
    Task OnPageRetrying(PageRecord page);

    /// <summary>
    /// A page-fetch grain reports what a response told (the next page, the total, the end) before it stores the page.
    /// The same findings come again with <see cref="OnPagesFinished"/>, so losing this call loses nothing.
    /// </summary>
    [Alias("OnPageInspected"), OneWay]
    Task OnPageInspected(PageFindings findings);

    /// <summary>
    /// A page-fetch grain reports that pages have ended (see <see cref="PageEnd"/>), in the order they ended: those that
    /// ended while its previous report was on its way come together in one call.
    /// </summary>
    [Alias("OnPagesFinished")]
    Task OnPagesFinished(PageEnd[] ends);

    /// <summary>
    /// The statuses of the pages from <paramref name="from"/> on that have ended, at most <paramref name="max"/>, for the
    /// job's records grain, which says how far its records have come.
    /// </summary>
    [Alias("GetEndedPages"), AlwaysInterleave]
    Task<Ingestion.Records.EndedPages?> GetEndedPages(int from, int max, Ingestion.Records.RecordsProgress progress);

    /// <summary>
    /// A silo was declared dead: the job hands its outstanding pages out again at once (a fetch grain still at work
    /// ignores it; one lost with the silo starts again elsewhere) instead of waiting for its watchdog.
    /// </summary>
    [Alias("OnSiloDied")]
    Task OnSiloDied();
}
