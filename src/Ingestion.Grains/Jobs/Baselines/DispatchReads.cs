using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs.Baselines;

/// <summary>
/// What the job reads as it hands pages out, each forward only: a page's URL (from the URL list blob, for a list kept in
/// one) and, for a run that revalidates a baseline, the baseline's record of that URL.
/// </summary>
internal sealed class DispatchReads(PageUrls urls, BaselinePages baseline) : IAsyncDisposable
{
    public PageUrls Urls => urls;

    /// <summary>The reads of a job with <paramref name="spec"/>: its URL list, if it has one, and its baseline, if it revalidates one.</summary>
    public static DispatchReads For(JobSpec spec, JobServices services, ILogger logger) =>
        new(new PageUrls(spec.Source, services.UrlLists), new BaselinePages(services.Manifests, spec.Run?.Baseline, logger));

    public async ValueTask<string> UrlOfAsync(JobRun run, int page, CancellationToken cancellationToken) =>
        run.Plan.TakeUrl(page) ?? await urls.UrlOfAsync(page, cancellationToken);

    /// <summary>The baseline's record to make <paramref name="page"/>'s request conditional on; null for an unconditional one.</summary>
    public async ValueTask<PageRecord?> RevalidationOfAsync(JobRun run, int page, string url, CancellationToken cancellationToken) =>
        run.MayRevalidate(page) ? await baseline.RevalidationOfAsync(page, url, cancellationToken) : null;

    /// <summary>
    /// The requests for the pages <paramref name="run"/> hands out now (while the window has room and the source
    /// allows), each with its URL and, for a revalidating run, its baseline's record; none once <paramref name="finishing"/>.
    /// </summary>
    public async Task<List<PageFetchRequest>> NextRequestsAsync(JobRun run, Func<bool> finishing, TimeProvider timeProvider)
    {
        var requests = new List<PageFetchRequest>();
        while (!finishing() && run.NextPage() is { } page)
        {
            var url = await UrlOfAsync(run, page, CancellationToken.None);
            var previous = await RevalidationOfAsync(run, page, url, CancellationToken.None);
            if (run.Dispatch(page, url, previous, timeProvider.GetUtcNow()) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests;
    }

    public async ValueTask DisposeAsync()
    {
        await urls.DisposeAsync();
        await baseline.DisposeAsync();
    }
}
