using Ingestion.Grains.Pipelines;
using Ingestion.Jobs;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// How a job ends. When every page has ended it finishes in a timer turn that lets the job's other calls interleave:
/// a job with more stored pages than it keeps records of streams them back from storage for its manifest, which for a
/// large job outlasts a grain call's timeout, and the job must keep answering meanwhile. A job stopped early
/// (cancelled, or by its failure budget) first cancels its outstanding pages. Either way the manifest is written before
/// the end is saved, so a job shown ended can have its manifest read at once; should storage fail, the checkpoints or
/// the watchdog finish it later.
/// </summary>
internal sealed class JobEnding(
    IGrainBase grain,
    Guid jobId,
    IPersistentState<JobState> state,
    JobServices services,
    JobSaves saves,
    JobPeers peers,
    JobWatchdog watchdog,
    JobRecords records,
    Action stopCheckpoints,
    TimeProvider timeProvider,
    ILogger logger)
{
    private Task? _finishing;

    /// <summary>The manifest is being written: no more pages are taken.</summary>
    public bool IsFinishing => _finishing is not null;

    /// <summary>Waits for a finish under way, after which the job has ended (or runs on, if storage failed).</summary>
    public Task WaitAsync() => _finishing ?? Task.CompletedTask;

    /// <summary>Finishes the job if every page has ended (an open source that reached maxPages ends there first).</summary>
    public async Task TryFinishAsync(JobRun run)
    {
        if (_finishing is not null)
        {
            return;
        }

        if (run.EndAtCap())
        {
            await saves.TryNowAsync(run);
        }

        if (run.Finish() is not { } status)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _finishing = done.Task;
        IGrainTimer? timer = null;
        timer = grain.RegisterGrainTimer(
            async _ =>
            {
                try
                {
                    await FinishAsync(run, status);
                }
                catch (Exception exception)
                {
                    run.FinishFailed();
                    JobLog.FinishFailed(logger, exception, jobId);
                }
                finally
                {
                    timer?.Dispose();
                    _finishing = null;
                    done.SetResult();
                }
            },
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, Interleave = true, KeepAlive = true });
    }

    /// <summary>
    /// Ends a running job early: the failures so far go to the journal, the decision is saved (should that fail, nothing
    /// was decided and the caller may try again), then the stop completes.
    /// </summary>
    public async Task StopAsync(JobRun run, JobStatus status, JobStopCause cause)
    {
        var error = run.Stop(cause);
        JobLog.Stopping(logger, jobId, status, error);
        await saves.JournalAsync(run, CancellationToken.None);
        await saves.StatusAsync(run, status, error, completedAt: null, announce: AnnounceStatusAsync);
        stopCheckpoints();
        await TryCompleteStopAsync(run);
    }

    /// <summary>Cancels the outstanding pages of a stopping job, then writes its manifest.</summary>
    public async Task TryCompleteStopAsync(JobRun run)
    {
        if (state.State.Clearing)
        {
            // The previous job's data is still being removed; the stop completes once it is.
            return;
        }

        try
        {
            run.Cancelled(await peers.CancelAsync([.. run.Tally.OutstandingPages().Select(page => page.Page)]));
            await FinishAsync(run, state.State.Status);
        }
        catch (Exception exception)
        {
            JobLog.FinishFailed(logger, exception, jobId);
        }
    }

    private async Task FinishAsync(JobRun run, JobStatus status)
    {
        var error = run.FinalError();
        state.State.Error = error;
        await ReadWatermarkAsync(run, status);

        // The record files are all committed before the manifest that lists them is written; the job completes when
        // its last file does.
        var written = await records.CompleteAsync(run);
        state.State.Records = written is null ? null : records.Progress(running: false);
        var completedAt = timeProvider.GetUtcNow();
        var keepPages = run.Spec.Records?.KeepPages != false;
        var pages = services.PageRecords.AllAsync(jobId, run, null, CancellationToken.None);
        await services.Manifests.WriteAsync(
            run.ManifestOf(status, completedAt) with { Records = written, PagesKept = keepPages ? null : false },
            keepPages ? pages : WithoutValidators(pages),
            CancellationToken.None);
        await saves.StatusAsync(run, status, error, completedAt, announce: AnnounceStatusAsync);

        // The manifest holds the stored pages' records now, and an ended job's pages are listed from it.
        run.Tally.StoredRecords.Release();
        if (!keepPages)
        {
            await DeletePagesAsync(run);
        }

        stopCheckpoints();
        await watchdog.StopAsync();
        peers.TellPipelineRunEnded(run.Spec.Run);
        JobLog.Finished(logger, jobId, status, run.Tally.Succeeded, run.Tally.Unchanged, run.Tally.Failed);
    }

    /// <summary>Writes the job's new status to the job index before the job's view shows it.</summary>
    private Task AnnounceStatusAsync() => peers.TryUpdateIndexAsync(state.State);

    /// <summary>
    /// The manifest entries of pages that will not be kept say nothing a later run could revalidate against: it fetches
    /// them in full, as their content is gone.
    /// </summary>
    private static async IAsyncEnumerable<Ingestion.Pages.PageRecord> WithoutValidators(IAsyncEnumerable<Ingestion.Pages.PageRecord> pages)
    {
        await foreach (var page in pages)
        {
            yield return page with { ETag = null, LastModified = null };
        }
    }

    /// <summary>
    /// Deletes a job's page blobs once it has completed with its records written. The end is saved first: a job that
    /// resumed with its pages gone would fetch them all again. Should this fail, the pages stay.
    /// </summary>
    private async Task DeletePagesAsync(JobRun run)
    {
        try
        {
            var removed = await services.PageBlobs.RemoveAllAsync(jobId, run.Destination, CancellationToken.None);
            JobLog.PagesDeleted(logger, jobId, removed);
        }
        catch (Exception exception)
        {
            JobLog.PagesNotDeleted(logger, exception, jobId);
        }
    }

    /// <summary>
    /// For a pipeline's incremental run that completed (with or without errors): the watermark its pages reached, for its
    /// manifest, its view and its pipeline. Reading again gives the same answer, so a finish done again reads it again.
    /// </summary>
    private async Task ReadWatermarkAsync(JobRun run, JobStatus status)
    {
        if (status is not (JobStatus.Completed or JobStatus.CompletedWithErrors) || run.Spec.Run?.Incremental is not { } incremental)
        {
            return;
        }

        var source = new RunWatermarkSource(jobId, run.Spec, run.Destination, state.State.CreatedAt);
        var reading = await services.Watermarks.ReadAsync(source, incremental, CancellationToken.None);
        state.State.WatermarkTo = reading.Max;
        JobLog.WatermarkRead(logger, jobId, reading.Max?.Text, reading.Pages, reading.Records, reading.WithoutCursor, reading.Unreadable);
    }
}
