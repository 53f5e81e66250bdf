using Ingestion.Grains.Jobs.Index;
using Ingestion.Grains.Pages;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The grains a job talks to: its pages' fetch grains (hand out, cancel), the jobs whose prefix it takes over, and the
/// job index. A call that fails is logged and left to the watchdog or a later step, never thrown at the job.
/// </summary>
internal sealed class JobPeers(IGrainFactory grains, PagePathReferences references, JobIndex index, Guid jobId, TimeProvider timeProvider, ILogger logger)
{
    // Hand-outs sent and not yet answered (all on the job grain's turns, so a plain count): a cancel waits until there
    // are none, so that no page takes its fetch after its cancel.
    private int _handingOver;
    private TaskCompletionSource? _handedOver;

    /// <summary>
    /// Hands the pages to their fetch grains without waiting for them to take them: the job's turn ends at once, so that
    /// the next page's report is not held up by this page's round trip (and its grain's activation, perhaps on another
    /// silo). Pages of one grain's block go in one call.
    /// </summary>
    public void HandOver(IEnumerable<PageFetchRequest> requests, string? traceParent)
    {
        foreach (var (grain, block) in ByGrain(requests, request => request.Page))
        {
            _ = HandOverAsync(grain, [.. block], traceParent);
        }
    }

    /// <summary>
    /// Cancels pages; each answers once it will write nothing more, with its record if it got stored or failed first.
    /// The answers are in the order of <paramref name="pages"/>.
    /// </summary>
    public async Task<PageRecord?[]> CancelAsync(IReadOnlyCollection<int> pages)
    {
        if (pages.Count == 0)
        {
            // Most page reports cancel nothing: they need not wait for the hand-outs under way.
            return [];
        }

        await HandedOverAsync();
        var blocks = ByGrain(pages, page => page);
        var answers = await Task.WhenAll(blocks.Select(block => CancelBlockAsync(block.Grain, [.. block.Pages])));
        var byPage = new Dictionary<int, PageRecord?>();
        foreach (var (block, answer) in blocks.Zip(answers))
        {
            foreach (var (page, record) in block.Pages.Zip(answer))
            {
                byPage[page] = record;
            }
        }

        return [.. pages.Select(page => byPage[page])];
    }

    /// <summary>Once every page handed out so far has taken its fetch (or the call failed).</summary>
    private Task HandedOverAsync() =>
        _handingOver == 0 ? Task.CompletedTask : (_handedOver ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private async Task HandOverAsync(IPageFetchGrain grain, PageFetchRequest[] requests, string? traceParent)
    {
        _handingOver++;
        try
        {
            await JobTracing.Dispatch(traceParent, () => grain.Fetch(requests));
        }
        catch (Exception exception)
        {
            // The pages stay outstanding: the watchdog hands them over again.
            JobLog.HandOverFailed(logger, exception, jobId, requests[0].Page, requests.Length);
        }
        finally
        {
            if (--_handingOver == 0 && _handedOver is { } waiting)
            {
                _handedOver = null;
                waiting.SetResult();
            }
        }
    }

    private async Task<PageRecord?[]> CancelBlockAsync(IPageFetchGrain grain, int[] pages)
    {
        try
        {
            return await grain.Cancel(pages);
        }
        catch (Exception exception)
        {
            // A page grain lost with its silo: its reminders (if any) find the job stopped and go away.
            JobLog.CancelFailed(logger, exception, jobId, pages[0], pages.Length);
            return new PageRecord?[pages.Length];
        }
    }

    /// <summary>The items grouped by the fetch grain of their page, in the order first seen.</summary>
    private List<(IPageFetchGrain Grain, List<T> Pages)> ByGrain<T>(IEnumerable<T> items, Func<T, int> pageOf)
    {
        var blocks = new List<(IPageFetchGrain Grain, List<T> Pages)>();
        var firsts = new List<int>();
        foreach (var item in items)
        {
            var first = IPageFetchGrain.FirstOfBlock(pageOf(item));
            var index = firsts.IndexOf(first);
            if (index < 0)
            {
                firsts.Add(first);
                blocks.Add((PageGrain(first), []));
                index = blocks.Count - 1;
            }

            blocks[index].Pages.Add(item);
        }

        return blocks;
    }

    /// <summary>Where another job that owns a prefix this job wants stands: running, ended, or unknown to the cluster.</summary>
    public async Task<OwnerStanding> StandingOfAsync(Guid owner) =>
        await grains.GetGrain<IIngestionJobGrain>(owner).GetView() switch
        {
            null => OwnerStanding.Unknown,
            { Status: JobStatus.Running } => OwnerStanding.Running,
            _ => OwnerStanding.Ended,
        };

    /// <summary>Tells the jobs whose data this one replaces that they are superseded; false if some could not be told now.</summary>
    public async Task<bool> TryMarkSupersededAsync(IReadOnlyCollection<Guid> jobs)
    {
        try
        {
            var at = timeProvider.GetUtcNow();
            await Task.WhenAll(jobs.Where(job => job != jobId).Select(job => grains.GetGrain<IIngestionJobGrain>(job).MarkSuperseded(jobId, at)));
            return true;
        }
        catch (Exception exception)
        {
            JobLog.SupersedeFailed(logger, exception, jobId);
            return false;
        }
    }

    public async Task TryUpdateIndexAsync(JobState job)
    {
        try
        {
            var spec = job.Spec!;
            await index.UpsertAsync(
                new JobSummary(jobId, spec.Name, job.Status, job.CreatedAt, job.CompletedAt, spec.Run?.PipelineId, spec.Run?.RunNumber),
                CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The list catches up when the job ends.
            JobLog.IndexFailed(logger, exception, jobId);
        }
    }

    /// <summary>Tells the pipeline whose run this job is that it has ended (one-way: nothing is waited for).</summary>
    public void TellPipelineRunEnded(PipelineRunOrigin? run)
    {
        if (run is null)
        {
            return;
        }

        try
        {
            grains.GetGrain<IPipelineGrain>(run.PipelineId).RunEnded(jobId).Ignore();
        }
        catch (Exception exception)
        {
            // The pipeline looks at its run at its next tick all the same.
            JobLog.PipelineNotTold(logger, exception, jobId, run.PipelineId);
        }
    }

    private IPageFetchGrain PageGrain(int page) => references.Page(jobId, page);
}
