using System.Diagnostics.CodeAnalysis;
using Ingestion.Grains.Jobs.Baselines;
using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Records;
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
    private JobRun? _run;
    private DispatchReads? _reads;
    private ThroughputMeter? _meter;
    private PrefixClearing? _clearing;
    private IGrainTimer? _checkpointTimer;
    private JobEnding? _ending;
    private JobPeers? _peers;
    private JobWatchdog? _watchdog;
    private JobSaves? _saves;
    private PageEndEffects? _effects;
    private JobRecords? _records;

    private Guid JobId => this.GetPrimaryKey();

    private JobRun Run => _run ?? throw new InvalidOperationException("The job has no run.");

    private JobPeers Peers => _peers ??= new JobPeers(GrainFactory, services.PagePaths, services.Index, JobId, timeProvider, logger);

    private JobWatchdog Watchdog => _watchdog ??= new JobWatchdog(this, JobId, options.Value, reminderOptions.Value, logger);

    private JobSaves Saves => _saves ??= new JobSaves(state, services.Journal, JobId, logger, DeactivateOnIdle);

    private JobEnding Ending => _ending ??= new JobEnding(
        this, JobId, state, services, Saves, Peers, Watchdog, Records, StopCheckpoints, timeProvider, logger);

    private JobRecords Records => _records ??= new JobRecords(GrainFactory, JobId, timeProvider, logger);

    private PageEndEffects Effects => _effects ??= new PageEndEffects(Peers, services.PageBlobs, Saves, JobId, logger);

    private bool IsFinishing => _ending?.IsFinishing == true;

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
            StartClearing(previous: null);
        }

        if (Run.Phase == JobPhase.Running)
        {
            JobLog.Resuming(logger, JobId);
            await RunAsync(resume: true);
        }
        else
        {
            // Stopped (cancelled or failed) but the silo died before the manifest was written: finish that now.
            await Ending.TryCompleteStopAsync(Run);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Its silo stopping (or the job moving): what it learned since the last checkpoint is kept, so no page that failed is fetched again.
        services.DeathWatch.Forget(JobId);
        if (_run is { Phase: JobPhase.Running } && !IsFinishing)
        {
            await Saves.TryCheckpointAsync(Run, cancellationToken);
        }

        await (_reads?.DisposeAsync() ?? ValueTask.CompletedTask);
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
        var claim = await services.Destinations.TakeAsync(JobId, spec, createdAt, Peers.StandingOfAsync);
        if (claim.Conflict is { } conflict)
        {
            JobLog.PrefixRefused(logger, JobId, conflict.Container, conflict.Prefix, conflict.Owner);
            DeactivateOnIdle();
            return StartResult.Refused(conflict);
        }

        var job = JobState.Started(spec, createdAt, claim);
        await services.UrlListSizing.SizeAsync(job, CancellationToken.None);

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
        _run = new JobRun(JobId, job, options.Value.FailFastPages, options.Value.StoredRecordsKept) { TraceParent = span?.Id };
        _reads = DispatchReads.For(spec, services, logger);
        if (job.Clearing || claim.Previous is not null)
        {
            StartClearing(claim.Previous);
        }

        await Peers.TryUpdateIndexAsync(state.State);
        if (Run.Phase != JobPhase.Running)
        {
            await Ending.TryCompleteStopAsync(Run);
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

        await Ending.WaitAsync();
        var outcome = state.State.Status switch
        {
            JobStatus.Cancelled => CancelOutcome.AlreadyCancelled,
            JobStatus.Running => CancelOutcome.Cancelled,
            _ => CancelOutcome.AlreadyFinished,
        };
        if (outcome == CancelOutcome.Cancelled)
        {
            await Ending.StopAsync(Run, JobStatus.Cancelled, JobStopCause.None);
        }

        return new CancelResult(outcome, View());
    }

    public async Task<RetryResult> RetryFailed()
    {
        if (!state.RecordExists)
        {
            return new RetryResult(RetryOutcome.NotFound, null);
        }

        await Ending.WaitAsync();
        _run ??= new JobRun(JobId, state.State, options.Value.FailFastPages, options.Value.StoredRecordsKept);
        var refusal = Run.WhyNoRetry();
        if (refusal is null && !await services.Destinations.IsOwnedByAsync(JobId, Run.Destination))
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
        if (!state.State.EndFound)
        {
            await services.UrlListSizing.SizeAsync(state.State, CancellationToken.None);
        }

        await Saves.WriteAsync(CancellationToken.None);

        // Running again from here: the watchdog brings the job back should the restore fail.
        await Watchdog.EnsureAsync();
        await RestoreAsync(retrying: true);
        await Peers.TryUpdateIndexAsync(state.State);
        if (Run.Phase == JobPhase.Running)
        {
            await RunAsync(resume: false);
        }
        else
        {
            await Ending.TryCompleteStopAsync(Run);
        }

        return new RetryResult(RetryOutcome.Retrying, View());
    }

    public async Task MarkSuperseded(Guid by, DateTimeOffset at)
    {
        if (state.RecordExists && state.State.SupersededBy is null && by != JobId)
        {
            (state.State.SupersededBy, state.State.SupersededAt) = (by, at);
            await Saves.WriteAsync(CancellationToken.None);
            JobLog.Superseded(logger, JobId, by);
        }
    }

    public Task<bool> IsPageWanted(int page) => Task.FromResult(_run is { } run && !IsFinishing && run.IsPageWanted(page));

    public async Task OnPageInspected(PageFindings findings)
    {
        if (_run is { } run && !IsFinishing)
        {
            await Effects.ApplyAsync(Run, run.Findings(findings));
            await DispatchAsync();
        }
    }

    public Task OnPageRetrying(PageRecord page)
    {
        (IsFinishing ? null : _run)?.PageRetrying(page);
        return Task.CompletedTask;
    }

    public async Task OnPagesFinished(PageEnd[] ends)
    {
        foreach (var end in ends)
        {
            if (_run is not { } run || IsFinishing)
            {
                return;
            }

            var outcome = run.PageEnded(end.Record, end.Findings);
            if (outcome.Counted)
            {
                _meter?.Record(end.Record.Bytes ?? 0);
            }

            await Effects.ApplyAsync(Run, outcome);
            if (outcome.Stop is { } cause)
            {
                await Ending.StopAsync(Run, JobStatus.Failed, cause);
                return;
            }
        }

        // The next pages go out once for the whole report, in as few calls as their grains allow.
        if (_run is not null && !IsFinishing)
        {
            await GoOnAsync(resend: false);
        }
    }

    public Task<EndedPages?> GetEndedPages(int from, int max, RecordsProgress progress) =>
        Task.FromResult(_run is { } run ? Records.Ended(run, from, max, progress) : null);

    public async Task OnSiloDied()
    {
        if (_run is { Phase: JobPhase.Running } && !IsFinishing)
        {
            await GoOnAsync(resend: true);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != JobWatchdog.ReminderName || IsFinishing)
        {
            // Finishing already; should that fail, the next tick finds the job running and tries again.
            return;
        }

        if (!state.RecordExists || state.State.CompletedAt is not null)
        {
            await Watchdog.StopAsync();
        }
        else if (Run.Phase == JobPhase.Stopping)
        {
            await Ending.TryCompleteStopAsync(Run);
        }
        else
        {
            // Activating for this reminder already resumed the job; a job that was running all along hands its
            // outstanding pages out again.
            await GoOnAsync(resend: true);
        }
    }

    /// <summary>Runs a job that has its tally: checkpoints, the watchdog, and the first pages of the window.</summary>
    private async Task RunAsync(bool resume)
    {
        _meter = new ThroughputMeter(timeProvider);
        var every = options.Value.CheckpointInterval;
        _checkpointTimer ??= this.RegisterGrainTimer(CheckpointAsync, new GrainTimerCreationOptions { DueTime = every, Period = every, KeepAlive = true });
        await Watchdog.EnsureAsync();
        services.DeathWatch.Watch(JobId);
        Records.Keep(Run);
        await GoOnAsync(resend: resume);
    }

    /// <summary>
    /// Hands out the next pages, and finishes when none is left; with <paramref name="resend"/> first the outstanding
    /// ones again: a fetch grain still at work ignores it, one lost with its silo starts again.
    /// </summary>
    private async Task GoOnAsync(bool resend)
    {
        if (resend)
        {
            Peers.HandOver(Run.Resend(timeProvider.GetUtcNow()), Run.TraceParent);
        }

        await DispatchAsync();
        await Ending.TryFinishAsync(Run);
    }

    private async Task RestoreAsync(bool retrying)
    {
        _run ??= new JobRun(JobId, state.State, options.Value.FailFastPages, options.Value.StoredRecordsKept);
        await (_reads?.DisposeAsync() ?? ValueTask.CompletedTask);
        _reads = DispatchReads.For(Run.Spec, services, logger);
        await services.Restorer.RestoreAsync(JobId, Run, _reads.Urls, retrying, CancellationToken.None);
        JobLog.Restored(logger, JobId, Run.Tally.Succeeded, Run.Tally.Unchanged, Run.Tally.Failed, Run.Tally.Total);
    }

    /// <summary>Hands out pages while the window has room and the source allows.</summary>
    private async Task DispatchAsync() =>
        Peers.HandOver(await _reads!.NextRequestsAsync(Run, () => IsFinishing, timeProvider), Run.TraceParent);

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await Ending.TryFinishAsync(Run);
        if (Run.Phase != JobPhase.Running)
        {
            // Ended, or finishing: the finish writes the state itself, and two writes at once would conflict.
            return;
        }

        if (Watchdog.Missing)
        {
            await Watchdog.EnsureAsync();
        }

        await Saves.CheckpointAsync(Run, cancellationToken);
        Records.Keep(Run);
    }

    private void StopCheckpoints()
    {
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
    }

    /// <summary>Clears the replaced jobs' blobs from the prefix; then the job goes on (or completes its stop).</summary>
    private void StartClearing(Guid? previous)
    {
        _clearing ??= new PrefixClearing(this, services.Clearer, state, Saves, Peers, JobId, logger);
        _clearing.Start(previous, async () =>
        {
            await (Run.Phase == JobPhase.Running ? GoOnAsync(resend: false) : Ending.TryCompleteStopAsync(Run));
        });
    }

    private JobView View() => JobViews.Of(
        JobId, state.State, _run?.Tally, _meter, _saves?.Shown, _records?.Progress(state.State.CompletedAt is null) ?? state.State.Records, timeProvider.GetUtcNow());
}
