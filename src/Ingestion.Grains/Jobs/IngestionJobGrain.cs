using System.Diagnostics.CodeAnalysis;
using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Owns one job: the shell of its <see cref="JobRun"/>, which decides; the grain does the I/O (page grains, storage),
/// keeps the timers (checkpoints, the finish, clearing a replaced prefix) and the watchdog reminder that brings the job
/// back after a crash. The state holds the spec, the status and the counts, saved at checkpoints, never per page.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The URL reader is released when the activation is deactivated.")]
public sealed class IngestionJobGrain(
    [PersistentState("job", StorageNames.JobStore)] IPersistentState<JobState> state,
    JobServices services,
    IOptions<JobOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    ILogger<IngestionJobGrain> logger) : Grain, IIngestionJobGrain, IRemindable, IIncomingGrainCallFilter
{
    private const string WatchdogReminderName = "watchdog";
    private static readonly TimeSpan ClearingStepPause = TimeSpan.FromMilliseconds(10);

    private JobRun? _run;
    private PageUrls? _urls;
    private ThroughputMeter? _meter;
    private PrefixClearing? _clearing;
    private IGrainTimer? _checkpointTimer;
    private IGrainTimer? _clearingTimer;
    private Task? _finishing;
    private (JobStatus Status, string? Error, DateTimeOffset? CompletedAt)? _shownWhileSaving;
    private bool _watchdogMissing;

    private Guid JobId => this.GetPrimaryKey();

    private JobRun Run => _run ?? throw new InvalidOperationException("The job has no run.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists || state.State.CompletedAt is not null)
        {
            return;
        }

        // Not through the activation's token: a large job's scan may outlast the activation timeout, and stopping half
        // way would only make the next activation start over.
        await RestoreAsync(retrying: false);
        if (state.State.Clearing)
        {
            StartClearing();
        }

        if (Run.Phase == JobPhase.Running)
        {
            JobLog.Resuming(logger, JobId);
            await RunAsync(resume: true);
        }
        else
        {
            // Stopped (cancelled or failed) but the silo died before the manifest was written: finish that now.
            await TryCompleteStopAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_urls is not null)
        {
            await _urls.DisposeAsync();
        }
    }

    /// <summary>Every log line of the job's calls, and of what they call, names the job.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using var scope = logger.BeginScope(IngestionLogScope.ForJob(JobId));
        await context.Invoke();
    }

    public async Task<StartResult> Start(JobSpec spec)
    {
        if (state.RecordExists)
        {
            return StartResult.Started(View());
        }

        using var span = JobTracing.StartJob(JobId);
        var createdAt = timeProvider.GetUtcNow();
        var claim = await services.Destinations.TakeAsync(JobId, spec, createdAt, StandingOfAsync);
        if (claim.Conflict is { } conflict)
        {
            JobLog.PrefixRefused(logger, JobId, conflict.Container, conflict.Prefix, conflict.Owner);
            DeactivateOnIdle();
            return StartResult.Refused(conflict);
        }

        var job = new JobState
        {
            Spec = spec,
            Status = JobStatus.Running,
            CreatedAt = createdAt,
            Destination = claim.Destination,
            Replaced = claim.Previous,
            Clearing = claim.MustClear,
            KnownEnd = spec.Source.KnownPageCount,
            EndFound = spec.Source.KnownPageCount is not null,
        };
        if (spec.Source.UrlsBlob is not null)
        {
            await services.UrlListSizing.SizeAsync(job, CancellationToken.None);
        }

        state.State = job;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // No job exists: the prefix is free again for the next one.
            state.State = new JobState();
            await services.Destinations.ReleaseAsync(JobId, claim.Destination!);
            throw;
        }

        // From here the job exists: whatever fails next is retried by the checkpoints, not by the caller.
        _run = new JobRun(JobId, job, options.Value.FailFastPages) { TraceParent = span?.Id };
        _urls = new PageUrls(spec.Source, services.UrlLists);
        if (job.Clearing || claim.Previous is not null)
        {
            StartClearing(claim.Previous);
        }

        await TryUpdateRegistryAsync();
        if (Run.Phase != JobPhase.Running)
        {
            await TryCompleteStopAsync();
            return StartResult.Started(View());
        }

        JobLog.Started(logger, JobId, job.KnownEnd, spec.Concurrency);
        await RunAsync(resume: false);
        return StartResult.Started(View());
    }

    public Task<JobView?> GetView() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<PageListing?> GetPages(PageStatus? status, int skip, int take)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        // An ended job lists its manifest: the same answer before and after a restart.
        return _run is { } run && state.State.CompletedAt is null
            ? await services.PageRecords.ListRunningAsync(JobId, run, status, skip, take, timeProvider.GetUtcNow())
            : await services.PageRecords.ListEndedAsync(JobId, state.State, status, skip, take);
    }

    public async Task<CancelResult> Cancel()
    {
        if (!state.RecordExists)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        await WaitForFinishAsync();
        var outcome = state.State.Status switch
        {
            JobStatus.Cancelled => CancelOutcome.AlreadyCancelled,
            JobStatus.Running => CancelOutcome.Cancelled,
            _ => CancelOutcome.AlreadyFinished,
        };
        if (outcome == CancelOutcome.Cancelled)
        {
            await StopAsync(JobStatus.Cancelled, JobStopCause.None);
        }

        return new CancelResult(outcome, View());
    }

    public async Task<RetryResult> RetryFailed()
    {
        if (!state.RecordExists)
        {
            return new RetryResult(RetryOutcome.NotFound, null);
        }

        await WaitForFinishAsync();
        _run ??= new JobRun(JobId, state.State, options.Value.FailFastPages);
        var refusal = Run.WhyNoRetry();
        if (refusal is null && await services.Destinations.OwnerOfAsync(Run.Destination) is { } owner && owner.JobId != JobId)
        {
            // Another job owns the prefix now (it replaced this one, and the news has not arrived yet).
            refusal = RetryOutcome.Superseded;
        }

        if (refusal is { } outcome)
        {
            return new RetryResult(outcome, View());
        }

        JobLog.RetryingFailed(logger, JobId, state.State.Round + 1, state.State.Failed);
        Run.BeginRetry();
        if (Run.Spec.Source.UrlsBlob is not null && !state.State.EndFound)
        {
            await services.UrlListSizing.SizeAsync(state.State, CancellationToken.None);
        }

        await state.WriteStateAsync();

        // Running again from here: the watchdog brings the job back should the restore fail.
        await TryEnsureWatchdogAsync();
        await RestoreAsync(retrying: true);
        await TryUpdateRegistryAsync();
        if (Run.Phase == JobPhase.Running)
        {
            await RunAsync(resume: false);
        }
        else
        {
            await TryCompleteStopAsync();
        }

        return new RetryResult(RetryOutcome.Retrying, View());
    }

    public async Task MarkSuperseded(Guid by, DateTimeOffset at)
    {
        if (state.RecordExists && state.State.SupersededBy is null && by != JobId)
        {
            (state.State.SupersededBy, state.State.SupersededAt) = (by, at);
            await state.WriteStateAsync();
            JobLog.Superseded(logger, JobId, by);
        }
    }

    public Task<bool> IsPageWanted(int page) => Task.FromResult(_run is { } run && _finishing is null && run.IsPageWanted(page));

    public async Task OnPageInspected(PageFindings findings)
    {
        if (_run is { } run && _finishing is null)
        {
            await ActAsync(run.Findings(findings));
            await DispatchAsync();
        }
    }

    public Task OnPageRetrying(PageRecord page)
    {
        if (_finishing is null)
        {
            _run?.PageRetrying(page);
        }

        return Task.CompletedTask;
    }

    public async Task OnPageFinished(PageRecord page, PageFindings? findings)
    {
        if (_run is not { } run || _finishing is not null)
        {
            return;
        }

        var outcome = run.PageEnded(page, findings);
        if (outcome.Counted)
        {
            _meter?.Record(page.Bytes ?? 0);
        }

        await ActAsync(outcome);
        if (outcome.Stop is { } cause)
        {
            await StopAsync(JobStatus.Failed, cause);
            return;
        }

        await DispatchAsync();
        await TryFinishAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WatchdogReminderName || _finishing is not null)
        {
            // Finishing already; should that fail, the next tick finds the job running and tries again.
            return;
        }

        if (!state.RecordExists || state.State.CompletedAt is not null)
        {
            await StopWatchdogAsync();
        }
        else if (Run.Phase == JobPhase.Stopping)
        {
            await TryCompleteStopAsync();
        }
        else
        {
            // Activating for this reminder already resumed the job; a job that was running all along hands its
            // outstanding pages out again: a fetch grain still at work ignores it, one lost with its silo starts again.
            await HandOverAsync(Run.Resend(timeProvider.GetUtcNow()));
            await DispatchAsync();
            await TryFinishAsync();
        }
    }

    /// <summary>Runs a job that has its tally: checkpoints, the watchdog, and the first pages of the window.</summary>
    private async Task RunAsync(bool resume)
    {
        _meter = new ThroughputMeter(timeProvider);
        _checkpointTimer ??= this.RegisterGrainTimer(CheckpointAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.CheckpointInterval,
            Period = options.Value.CheckpointInterval,
            KeepAlive = true,
        });
        await TryEnsureWatchdogAsync();
        if (resume)
        {
            await HandOverAsync(Run.Resend(timeProvider.GetUtcNow()));
        }

        await DispatchAsync();
        await TryFinishAsync();
    }

    private async Task RestoreAsync(bool retrying)
    {
        _run ??= new JobRun(JobId, state.State, options.Value.FailFastPages);
        if (_urls is not null)
        {
            await _urls.DisposeAsync();
        }

        _urls = new PageUrls(Run.Spec.Source, services.UrlLists);
        await services.Restorer.RestoreAsync(JobId, Run, _urls, retrying, CancellationToken.None);
        JobLog.Restored(logger, JobId, Run.Tally.Succeeded, Run.Tally.Failed, Run.Tally.Total);
    }

    /// <summary>Hands out pages while the window has room and the source allows.</summary>
    private async Task DispatchAsync()
    {
        var requests = new List<PageFetchRequest>();
        while (_finishing is null && Run.NextPage() is { } page)
        {
            var url = Run.Plan.TakeUrl(page) ?? await _urls!.UrlOfAsync(page, CancellationToken.None);
            if (Run.Dispatch(page, url, timeProvider.GetUtcNow()) is { } request)
            {
                requests.Add(request);
            }
        }

        await HandOverAsync(requests);
    }

    private Task HandOverAsync(IEnumerable<PageFetchRequest> requests) => Task.WhenAll(requests.Select(async request =>
    {
        try
        {
            await JobTracing.Dispatch(Run.TraceParent, () => PageGrain(request.Page).Fetch(request));
        }
        catch (Exception exception)
        {
            // The page stays outstanding: the watchdog hands it over again.
            JobLog.HandOverFailed(logger, exception, JobId, request.Page);
        }
    }));

    /// <summary>Does what a page's report or findings call for: cancel pages past a new end, drop a page past it, save the end.</summary>
    private async Task ActAsync(PageEndOutcome outcome)
    {
        var cancelled = await Task.WhenAll(outcome.CancelBeyond.Select(CancelPageAsync));
        foreach (var (page, answer) in outcome.CancelBeyond.Zip(cancelled))
        {
            // No page of the job, so no blob of it either: one stored before the cancel took effect, or while it did.
            if (answer is null or { Blob: not null })
            {
                await TryRemovePageBlobAsync(page, answer?.Blob);
            }
        }

        if (outcome.Discard is { } discarded)
        {
            await TryRemovePageBlobAsync(discarded.Page, discarded.Blob);
        }

        if (outcome.EndFound)
        {
            JobLog.EndFound(logger, JobId, Run.Tally.End ?? 0, state.State.EndReason ?? "");
            await TrySaveAsync();
        }
    }

    private async Task TryRemovePageBlobAsync(int page, string? blobName)
    {
        try
        {
            await services.PageBlobs.RemoveAsync(JobId, Run.Destination, page, blobName, Run.StemOf(page), CancellationToken.None);
        }
        catch (Exception exception)
        {
            JobLog.DiscardFailed(logger, exception, JobId, page);
        }
    }

    /// <summary>
    /// Ends a running job early: the failures so far go to the journal, the decision is saved, then every outstanding
    /// page is cancelled (and answers once it will write nothing more), then the manifest records what was stored.
    /// </summary>
    private async Task StopAsync(JobStatus status, JobStopCause cause)
    {
        var error = Run.Stop(cause);
        JobLog.Stopping(logger, JobId, status, error);
        await JournalFailuresAsync(CancellationToken.None);

        // Should this fail, nothing was decided: the job runs on, and the caller may try again.
        await SaveStatusAsync(status, error, completedAt: null);
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
        await TryCompleteStopAsync();
    }

    /// <summary>Cancels the outstanding pages of a stopping job, then writes its manifest; if storage is down, the watchdog finishes later.</summary>
    private async Task TryCompleteStopAsync()
    {
        if (state.State.Clearing)
        {
            // The previous job's data is still being removed; the stop completes once it is.
            return;
        }

        try
        {
            Run.Cancelled(await Task.WhenAll(Run.Tally.OutstandingPages().Select(page => CancelPageAsync(page.Page))));
            await FinishAsync(state.State.Status);
        }
        catch (Exception exception)
        {
            JobLog.FinishFailed(logger, exception, JobId);
        }
    }

    /// <summary>
    /// When every page has ended, writes the manifest and the final state in a timer turn that lets the job's other
    /// calls interleave: the manifest streams every stored page back from storage, which for a job of 100,000 pages
    /// outlasts a grain call's timeout, and the job must keep answering meanwhile.
    /// </summary>
    private async Task TryFinishAsync()
    {
        if (_finishing is not null)
        {
            return;
        }

        if (Run.EndAtCap())
        {
            await TrySaveAsync();
        }

        if (Run.Finish() is not { } status)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _finishing = done.Task;
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(
            async _ =>
            {
                try
                {
                    await FinishAsync(status);
                }
                catch (Exception exception)
                {
                    // Storage is down: the checkpoints and the watchdog try again.
                    Run.FinishFailed();
                    JobLog.FinishFailed(logger, exception, JobId);
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

    private async Task WaitForFinishAsync()
    {
        if (_finishing is { } finishing)
        {
            // Every page has ended and the manifest is being written: the job is as good as ended; answer once it has.
            await finishing;
        }
    }

    /// <summary>Writes the manifest, then the final state: a job is only marked ended once its manifest exists.</summary>
    private async Task FinishAsync(JobStatus status)
    {
        var completedAt = timeProvider.GetUtcNow();
        var error = Run.FinalError();
        state.State.Error = error;
        await services.Manifests.WriteAsync(ManifestOf(status, completedAt), services.PageRecords.AllAsync(JobId, Run, null, CancellationToken.None), CancellationToken.None);

        // Not ended until saved: should this fail, the checkpoints or the watchdog finish it later.
        await SaveStatusAsync(status, error, completedAt);
        Run.Saved();
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
        await StopWatchdogAsync();
        await TryUpdateRegistryAsync();
        JobLog.Finished(logger, JobId, status, Run.Tally.Succeeded, Run.Tally.Failed);
    }

    /// <summary>
    /// Saves a change of status with the counts so far. Until the save has succeeded the view goes on showing the status
    /// before it (GetView interleaves with the save), and a save that fails undoes the change.
    /// </summary>
    private async Task SaveStatusAsync(JobStatus status, string? error, DateTimeOffset? completedAt)
    {
        var job = state.State;
        var before = (job.Status, job.Error, job.CompletedAt);
        _shownWhileSaving = before;
        (job.Status, job.Error, job.CompletedAt) = (status, error, completedAt);
        Run.CopyTally();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (job.Status, job.Error, job.CompletedAt) = before;
            throw;
        }
        finally
        {
            _shownWhileSaving = null;
        }
    }

    private Manifest ManifestOf(JobStatus status, DateTimeOffset completedAt) => new()
    {
        JobId = JobId,
        Name = Run.Spec.Name,
        Status = status,
        Error = state.State.Error,
        Source = ManifestSource.From(Run.Spec.Source, Run.Tally.Total),
        Destination = Run.Destination,
        CreatedAt = state.State.CreatedAt,
        CompletedAt = completedAt,
        Counts = new ManifestCounts(Run.Tally.Total, Run.Tally.Succeeded, Run.Tally.Failed, Run.Tally.Bytes, Run.Tally.Cancelled),
        EndReason = state.State.EndReason,
        Truncated = state.State.Truncated,
    };

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await TryFinishAsync();
        if (Run.Phase != JobPhase.Running)
        {
            // Ended, or finishing: the finish writes the state itself, and two writes at once would conflict.
            return;
        }

        // Failures go to the journal before the counts that include them go to the state.
        await JournalFailuresAsync(cancellationToken);
        if (_watchdogMissing)
        {
            await TryEnsureWatchdogAsync();
        }

        if (Run.NeedsSave)
        {
            Run.CopyTally();
            await state.WriteStateAsync(cancellationToken);
            Run.Saved();
        }
    }

    private async Task TrySaveAsync()
    {
        try
        {
            Run.CopyTally();
            await state.WriteStateAsync();
            Run.Saved();
        }
        catch (Exception exception)
        {
            // The next checkpoint saves it.
            JobLog.FinishFailed(logger, exception, JobId);
        }
    }

    private async Task JournalFailuresAsync(CancellationToken cancellationToken)
    {
        var batch = Run.UnjournaledFailures.ToList();
        if (batch.Count > 0)
        {
            await services.Journal.AppendAsync(JobId, state.State.Round, batch, cancellationToken);
            Run.Journaled(batch.Count);
        }
    }

    /// <summary>Removes the replaced jobs' blobs a step per timer tick, so the job answers its calls meanwhile; pages go out once it is done.</summary>
    private void StartClearing(Guid? previous = null)
    {
        _clearing ??= new PrefixClearing(services.Clearer, JobId, Run.Destination);
        if (previous is { } job)
        {
            _clearing.Tell(job);
        }

        _clearingTimer ??= this.RegisterGrainTimer(
            ClearStepAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = ClearingStepPause, KeepAlive = true });
    }

    private async Task ClearStepAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _clearing!.StepAsync(TryMarkSupersededAsync, cancellationToken) || !state.State.Clearing)
            {
                return;
            }

            state.State.Clearing = false;
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // Storage is down: the next tick tries again (a clear that was not saved clears nothing more after a restart).
            JobLog.ClearingFailed(logger, exception, JobId);
            return;
        }

        _clearingTimer?.Dispose();
        _clearingTimer = null;
        JobLog.Cleared(logger, JobId, _clearing.Removed, Run.Destination.Container, Run.Destination.Prefix);
        if (Run.Phase == JobPhase.Running)
        {
            await DispatchAsync();
            await TryFinishAsync();
        }
        else
        {
            await TryCompleteStopAsync();
        }
    }

    /// <summary>Where another job that owns a prefix this job wants stands: running, ended, or unknown to the cluster.</summary>
    private async Task<OwnerStanding> StandingOfAsync(Guid owner) =>
        await GrainFactory.GetGrain<IIngestionJobGrain>(owner).GetView() switch
        {
            null => OwnerStanding.Unknown,
            { Status: JobStatus.Running } => OwnerStanding.Running,
            _ => OwnerStanding.Ended,
        };

    /// <summary>Tells the jobs whose data this one replaces that they are superseded; false if some could not be told now.</summary>
    private async Task<bool> TryMarkSupersededAsync(IReadOnlyCollection<Guid> jobs)
    {
        try
        {
            var at = timeProvider.GetUtcNow();
            await Task.WhenAll(jobs.Where(job => job != JobId).Select(job => GrainFactory.GetGrain<IIngestionJobGrain>(job).MarkSuperseded(JobId, at)));
            return true;
        }
        catch (Exception exception)
        {
            JobLog.SupersedeFailed(logger, exception, JobId);
            return false;
        }
    }

    private async Task<PageRecord?> CancelPageAsync(int page)
    {
        try
        {
            return await PageGrain(page).Cancel();
        }
        catch (Exception exception)
        {
            // A page grain lost with its silo: its reminder (if any) finds the job stopped and goes away.
            JobLog.CancelFailed(logger, exception, JobId, page);
            return null;
        }
    }

    private async Task TryEnsureWatchdogAsync()
    {
        var period = options.Value.WatchdogPeriod;
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        period = period < minimum ? minimum : period;
        try
        {
            await this.RegisterOrUpdateReminder(WatchdogReminderName, period, period);
            _watchdogMissing = false;
        }
        catch (Exception exception)
        {
            // The job runs on; the next checkpoint tries again.
            _watchdogMissing = true;
            JobLog.WatchdogFailed(logger, exception, JobId);
        }
    }

    private async Task StopWatchdogAsync()
    {
        try
        {
            if (await this.GetReminder(WatchdogReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // A watchdog left behind finds the job ended and tries again.
            JobLog.WatchdogRemovalFailed(logger, exception, JobId);
        }
    }

    private async Task TryUpdateRegistryAsync()
    {
        try
        {
            var job = state.State;
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key)
                .Upsert(new JobSummary(JobId, job.Spec!.Name, job.Status, job.CreatedAt, job.CompletedAt));
        }
        catch (Exception exception)
        {
            // The list catches up when the job ends.
            JobLog.RegistryFailed(logger, exception, JobId);
        }
    }

    private IPageFetchGrain PageGrain(int page) => GrainFactory.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(JobId, page));

    private JobView View() =>
        JobViews.Of(JobId, state.State, _run?.Tally, _meter, _shownWhileSaving, timeProvider.GetUtcNow());
}
