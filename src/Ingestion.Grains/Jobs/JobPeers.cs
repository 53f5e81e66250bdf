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
    /// the next page's report is not held up by this page's round trip (and its grain's activation, perhaps on another silo).
    /// </summary>
    public void HandOver(IEnumerable<PageFetchRequest> requests, string? traceParent)
    {
        foreach (var request in requests)
        {
            _ = HandOverAsync(request, traceParent);
        }
    }

    /// <summary>Cancels pages; each answers once it will write nothing more, with its record if it got stored or failed first.</summary>
    public async Task<PageRecord?[]> CancelAsync(IEnumerable<int> pages)
    {
        await HandedOverAsync();
        return await Task.WhenAll(pages.Select(CancelOneAsync));
    }

    /// <summary>Once every page handed out so far has taken its fetch (or the call failed).</summary>
    private Task HandedOverAsync() =>
        _handingOver == 0 ? Task.CompletedTask : (_handedOver ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private async Task HandOverAsync(PageFetchRequest request, string? traceParent)
    {
        _handingOver++;
        try
        {
            await JobTracing.Dispatch(traceParent, () => PageGrain(request.Page).Fetch(request));
        }
        catch (Exception exception)
        {
            // The page stays outstanding: the watchdog hands it over again.
            JobLog.HandOverFailed(logger, exception, jobId, request.Page);
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

    private async Task<PageRecord?> CancelOneAsync(int page)
    {
        try
        {
            return await PageGrain(page).Cancel();
        }
        catch (Exception exception)
        {
            // A page grain lost with its silo: its reminder (if any) finds the job stopped and goes away.
            JobLog.CancelFailed(logger, exception, jobId, page);
            return null;
        }
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
