using System.Diagnostics.CodeAnalysis;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Owns one job. It keeps at most <see cref="JobSpec.Concurrency"/> pages outstanding: each page that ends frees a slot
/// that the next page takes at once (a sliding window, not batches).
/// </summary>
/// <remarks>
/// Durability: the grain state holds the spec, the status and the counts, checkpointed on a timer, never per page. Stored
/// pages are known from their blobs, failed ones from a journal appended at each checkpoint, so a job that comes back
/// after a crash (its reminder reactivates it) dispatches only the pages that were not stored.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The URL reader is released when the activation is deactivated.")]
public sealed partial class IngestionJobGrain(
    [PersistentState("job", StorageNames.JobStore)] IPersistentState<JobState> state,
    BlobContainers containers,
    PrefixOwnership prefixes,
    PrefixClearer clearer,
    PageBlobRemover pageBlobs,
    ManifestStore manifests,
    FailedPageJournal journal,
    StoredPageScanner scanner,
    UrlListReader urlLists,
    IOptions<JobOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    ILogger<IngestionJobGrain> logger) : Grain, IIngestionJobGrain, IRemindable, IIncomingGrainCallFilter
{
    private const string WatchdogReminderName = "watchdog";

    private readonly List<PageRecord> _unjournaledFailures = [];
    private readonly HashSet<Guid> _toldSuperseded = [];
    private PageTally? _tally;
    private ThroughputMeter? _meter;
    private PageUrls? _urls;
    private FollowChain? _chain;
    private IGrainTimer? _checkpointTimer;

    // Set while every page has ended and the manifest is being written (see StartFinishing).
    private Task? _finishing;

    // The status, error and end time the view shows while a change of them is being saved (see SaveStatusAsync).
    private (JobStatus Status, string? Error, DateTimeOffset? CompletedAt)? _shownWhileSaving;
    private bool _dirty;
    private bool _watchdogMissing;

    // The W3C id of this activation's "job start" span: pages handed out later link to it.
    private string? _startTraceParent;

    // After a restart, the first pages dispatched may have saved retries to continue from.
    private int _resumeDispatches;

    private Guid JobId => this.GetPrimaryKey();

    private JobSpec Spec => state.State.Spec ?? throw new InvalidOperationException("The job has no spec.");

    /// <summary>Where the job writes: its prefix expanded (jobs saved before prefixes had placeholders kept the spec's).</summary>
    private DestinationSpec Destination => state.State.Destination ?? Spec.Destination;

    private bool IsRunning => state.RecordExists && state.State.Status == JobStatus.Running;

    /// <summary>Running, and still taking pages: not yet writing its manifest.</summary>
    private bool IsTakingPages => IsRunning && _finishing is null;

    /// <summary>May hand out pages: taking them, and the previous jobs' blobs under the prefix are gone.</summary>
    private bool MayDispatch => IsTakingPages && !state.State.Clearing;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists || state.State.CompletedAt is not null)
        {
            return;
        }

        // Not through the activation's token: a large job's scan may outlast the activation timeout, and stopping
        // half way would only make the next activation start over.
        await RestoreTallyAsync(retrying: false, CancellationToken.None);
        if (state.State.Clearing)
        {
            // Replacing a previous job's data: clearing starts over (it is idempotent) and the job goes on from there.
            StartClearing();
        }

        if (state.State.Status == JobStatus.Running)
        {
            LogResuming(JobId);
            await RunAsync(resume: true);
        }
        else
        {
            // Stopped (cancelled or failed) but the silo died before the manifest was written: finish that now.
            await TryCompleteStopAsync();
        }
    }

    /// <summary>Runs a job that has its tally: checkpoints, the watchdog, and the first pages of the window.</summary>
    private async Task RunAsync(bool resume)
    {
        _meter = new ThroughputMeter(timeProvider);
        StartCheckpoints();
        await TryEnsureWatchdogAsync();
        if (resume)
        {
            _resumeDispatches = Spec.Concurrency;
            await ResendOutstandingAsync();
        }

        await DispatchAsync();
        await TryFinishIfAllEndedAsync();
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
        _startTraceParent = span?.Id;
        var createdAt = timeProvider.GetUtcNow();
        var wanted = spec.Destination with { Prefix = PrefixTemplate.Expand(spec.Destination.Prefix, JobId, createdAt) };
        await containers.EnsureExistsAsync(wanted.Container, CancellationToken.None);
        var claim = await prefixes.ClaimAsync(JobId, spec.Name, wanted, StandingOfAsync, CancellationToken.None);
        if (claim.Conflict is { } conflict)
        {
            LogPrefixRefused(JobId, conflict.Container, conflict.Prefix, conflict.Owner);
            DeactivateOnIdle();
            return StartResult.Refused(conflict);
        }

        var destination = claim.Destination!;
        var job = new JobState
        {
            Spec = spec,
            Status = JobStatus.Running,
            CreatedAt = createdAt,
            Destination = destination,
            Replaced = claim.Previous,
            Clearing = claim.MustClear,
        };
        job.KnownEnd = spec.Source.KnownPageCount;
        job.EndFound = job.KnownEnd is not null;
        state.State = job;
        if (spec.Source.UrlsBlob is not null)
        {
            await CountUrlListAsync();
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // No job exists: the prefix is free again for the next one.
            state.State = new JobState();
            await prefixes.ReleaseAsync(JobId, destination, CancellationToken.None);
            throw;
        }

        // From here the job exists: whatever fails next is retried by the checkpoints, not by the caller.
        if (claim.Previous is { } previous && !await TryMarkSupersededAsync([previous]))
        {
            // Told while the prefix is cleared, if it is; otherwise by no one (its record stays as it was).
            _clearingOwnersToTell.Add(previous);
        }

        _tally = new PageTally(job.KnownEnd, spec.MaxPages);
        _urls = new PageUrls(spec.Source, urlLists);
        _chain = spec.Source.Kind == SourceKind.Follow ? new FollowChain(1, spec.Source.Url!) : null;
        if (job.Clearing)
        {
            StartClearing();
        }

        if (job.Status != JobStatus.Running)
        {
            await TryCompleteStopAsync();
            await TryUpdateRegistryAsync();
            return StartResult.Started(View());
        }

        LogStarted(JobId, job.KnownEnd, spec.Concurrency);
        await TryUpdateRegistryAsync();
        await RunAsync(resume: false);
        return StartResult.Started(View());
    }

    /// <summary>
    /// Counts the URL list once, as a stream, so that the job knows its size (and a missing list is said at once, as the
    /// job's failure).
    /// </summary>
    private async Task CountUrlListAsync()
    {
        var job = state.State;
        var spec = Spec;
        var list = spec.Source.UrlsBlob!;
        var count = await urlLists.CountAsync(list, CancellationToken.None);
        if (count is null)
        {
            job.Status = JobStatus.Failed;
            job.StopCause = JobStopCause.UrlListMissing;
            job.Error = $"The URL list {list.Container}/{list.Name} does not exist.";
        }

        job.KnownEnd = Math.Min(count ?? 0, spec.MaxPages);
        job.EndFound = count is not null;
        job.Truncated = count > spec.MaxPages;
        job.EndReason = count switch
        {
            0 => $"The URL list {list.Container}/{list.Name} holds no URLs.",
            _ when job.Truncated => $"The URL list holds {count} URLs; maxPages ({spec.MaxPages}) stops the job there.",
            _ => null,
        };
    }

    /// <summary>Where another job that owns a prefix this job wants stands: running, ended, or unknown to the cluster.</summary>
    private async Task<OwnerStanding> StandingOfAsync(Guid owner)
    {
        var view = await GrainFactory.GetGrain<IIngestionJobGrain>(owner).GetView();
        return view switch
        {
            null => OwnerStanding.Unknown,
            { Status: JobStatus.Running } => OwnerStanding.Running,
            _ => OwnerStanding.Ended,
        };
    }

    public async Task MarkSuperseded(Guid by, DateTimeOffset at)
    {
        if (!state.RecordExists || state.State.SupersededBy is not null || by == JobId)
        {
            return;
        }

        state.State.SupersededBy = by;
        state.State.SupersededAt = at;
        await state.WriteStateAsync();
        LogSuperseded(JobId, by);
    }

    /// <summary>Tells the jobs whose data this one replaces that they are superseded; one that cannot be told now hears it at the next step.</summary>
    private async Task<bool> TryMarkSupersededAsync(IEnumerable<Guid> jobs)
    {
        try
        {
            var at = timeProvider.GetUtcNow();
            await Task.WhenAll(jobs.Where(job => job != JobId && _toldSuperseded.Add(job))
                .Select(job => GrainFactory.GetGrain<IIngestionJobGrain>(job).MarkSuperseded(JobId, at)));
            return true;
        }
        catch (Exception exception)
        {
            _toldSuperseded.Clear();
            LogSupersedeFailed(exception, JobId);
            return false;
        }
    }

    public Task<JobView?> GetView() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<PageListing?> GetPages(PageStatus? status, int skip, int take)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        if (_tally is { } tally && state.State.CompletedAt is null)
        {
            // Running: the tally's counts give the total; pages are read only as far as the listing goes.
            var counts = tally.Counts(timeProvider.GetUtcNow());
            var matchingCount = status switch
            {
                null => counts.Total,
                PageStatus.Succeeded => counts.Succeeded,
                PageStatus.Failed => counts.Failed,
                PageStatus.Cancelled => counts.Cancelled,
                PageStatus.InFlight => counts.InFlight,
                PageStatus.WaitingRetry => counts.WaitingRetry,
                PageStatus.Pending => counts.Pending,
                _ => 0,
            };
            var found = new List<PageRecord>(Math.Min(take, 1024));
            var seen = 0;
            await foreach (var page in PagesAsync(status, CancellationToken.None))
            {
                if (seen++ >= skip)
                {
                    found.Add(page);
                    if (found.Count >= take)
                    {
                        break;
                    }
                }
            }

            return new PageListing(new Listing<PageRecord>(found, matchingCount, skip, take), null);
        }

        if (await WhyPagesAreGoneAsync() is { } gone)
        {
            return gone;
        }

        // Ended: the manifest has every page (the same answer before and after a restart); it is read as a stream, to
        // count them all without holding them.
        var total = 0;
        var items = new List<PageRecord>(Math.Min(take, 1024));
        await foreach (var page in manifests.ReadPagesAsync(JobId, Destination, CancellationToken.None))
        {
            if (status is not null && page.Status != status)
            {
                continue;
            }

            if (total >= skip && items.Count < take)
            {
                items.Add(page);
            }

            total++;
        }

        return new PageListing(new Listing<PageRecord>(items, total, skip, take), null);
    }

    /// <summary>
    /// Why an ended job's pages cannot be listed, when they cannot: a later job replaced them, or the manifest that lists
    /// them is gone or now another job's. Null when the manifest is the job's own.
    /// </summary>
    private async Task<PageListing?> WhyPagesAreGoneAsync()
    {
        var job = state.State;
        var where = $"{Destination.Container}/{Destination.Prefix}";
        if (job.SupersededBy is { } by)
        {
            return new PageListing(null, $"Job {by} replaced this job's pages and manifest under {where} (destination.ifExists \"replace\").", by);
        }

        var manifest = $"{Destination.Container}/{Destination.ManifestBlobName}";
        return await manifests.ReadHeadAsync(Destination, CancellationToken.None) switch
        {
            null => new PageListing(null, $"The job's manifest {manifest} does not exist any more (it was deleted), so its pages cannot be listed."),
            { JobId: var owner } when owner != JobId => new PageListing(null, $"The manifest {manifest} is no longer this job's (it names job {owner}), so this job's pages cannot be listed."),
            _ => null,
        };
    }

    public async Task<CancelResult> Cancel()
    {
        if (!state.RecordExists)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        if (_finishing is { } finishing)
        {
            // Every page has ended and the manifest is being written: the job is as good as ended; answer once it has.
            await finishing;
        }

        if (state.State.Status == JobStatus.Cancelled)
        {
            return new CancelResult(CancelOutcome.AlreadyCancelled, View());
        }

        if (state.State.Status != JobStatus.Running)
        {
            return new CancelResult(CancelOutcome.AlreadyFinished, View());
        }

        await StopAsync(JobStatus.Cancelled, JobStopCause.None);
        return new CancelResult(CancelOutcome.Cancelled, View());
    }

    public async Task<RetryResult> RetryFailed()
    {
        if (!state.RecordExists)
        {
            return new RetryResult(RetryOutcome.NotFound, null);
        }

        if (_finishing is { } finishing)
        {
            await finishing;
        }

        var job = state.State;
        var refusal = job switch
        {
            { SupersededBy: not null } => RetryOutcome.Superseded,
            { Status: JobStatus.Running } => RetryOutcome.StillRunning,
            { Status: JobStatus.Cancelled } => RetryOutcome.WasCancelled,
            { Status: JobStatus.Completed } => RetryOutcome.NothingFailed,
            _ => (RetryOutcome?)null,
        };
        if (refusal is null && await prefixes.OwnerOfAsync(Destination, CancellationToken.None) is { } owner && owner.JobId != JobId)
        {
            // Another job owns the prefix now (it replaced this one, and the news has not arrived yet).
            refusal = RetryOutcome.Superseded;
        }

        if (refusal is { } outcome)
        {
            return new RetryResult(outcome, View());
        }

        LogRetryingFailed(JobId, job.Round + 1, job.Failed);
        job.Round++;
        (job.Status, job.CompletedAt, job.Error, job.StopCause) = (JobStatus.Running, null, null, JobStopCause.None);
        if (!job.EndFound)
        {
            // The end was where a failure or the stop left it: look for the real one again.
            (job.KnownEnd, job.EndReason, job.Truncated) = (null, null, false);
        }

        if (Spec.Source.UrlsBlob is not null && !job.EndFound)
        {
            await CountUrlListAsync();
        }

        await state.WriteStateAsync();

        // Running again from here: the watchdog brings the job back should anything below fail.
        _unjournaledFailures.Clear();
        await TryEnsureWatchdogAsync();
        try
        {
            await RestoreTallyAsync(retrying: true, CancellationToken.None);
        }
        catch
        {
            // Storage failed while reading what was stored: a new activation (the watchdog's) starts over.
            DeactivateOnIdle();
            throw;
        }

        await TryUpdateRegistryAsync();
        if (job.Status == JobStatus.Running)
        {
            await RunAsync(resume: false);
        }
        else
        {
            await TryCompleteStopAsync();
        }

        return new RetryResult(RetryOutcome.Retrying, View());
    }

    public Task<bool> IsPageWanted(int page) =>
        Task.FromResult(MayDispatch && _tally is { } tally && !tally.IsEnded(page) && page <= (tally.End ?? tally.Cap));

    public async Task OnPageInspected(PageFindings findings)
    {
        if (IsTakingPages && _tally is not null)
        {
            await ApplyFindingsAsync(findings);
            await DispatchAsync();
        }
    }

    public Task OnPageRetrying(PageRecord page)
    {
        if (IsTakingPages)
        {
            _tally?.RecordRetrying(page);
        }

        return Task.CompletedTask;
    }

    public async Task OnPageFinished(PageRecord page, PageFindings? findings)
    {
        if (!IsTakingPages || _tally is null)
        {
            return;
        }

        if (findings is not null)
        {
            await ApplyFindingsAsync(findings);
        }

        if (page.Status == PageStatus.Failed)
        {
            await EndChainAtFailureAsync(page.Page);
        }

        if (page.Status == PageStatus.PastEnd || page.Page > (_tally.End ?? _tally.Cap))
        {
            // Past the end of the source: not a page of the job.
            await DiscardAsync(page);
            await DispatchAsync();
            await TryFinishIfAllEndedAsync();
            return;
        }

        if (!_tally.RecordEnded(page))
        {
            return;
        }

        _dirty = true;
        _meter?.Record(page.Bytes ?? 0);
        if (page.Status == PageStatus.Failed)
        {
            _unjournaledFailures.Add(page);
            if (JobVerdict.ShouldStop(_tally, Spec.Failure, options.Value.FailFastPages) is { } cause)
            {
                await StopAsync(JobStatus.Failed, cause);
                return;
            }
        }

        await DispatchAsync();
        await TryFinishIfAllEndedAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WatchdogReminderName)
        {
            return;
        }

        if (state.State.CompletedAt is not null || !state.RecordExists)
        {
            await StopWatchdogAsync();
            return;
        }

        if (_finishing is not null)
        {
            // Finishing already; should that fail, the next tick finds the job running and tries again.
            return;
        }

        if (!IsRunning)
        {
            await TryCompleteStopAsync();
            return;
        }

        // Activating for this reminder already resumed the job; a job that was running all along re-sends its
        // outstanding pages: a fetch grain still at work ignores it, one lost with its silo starts again.
        await ResendOutstandingAsync();
        await DispatchAsync();
        await TryFinishIfAllEndedAsync();
    }

    /// <summary>Hands out again every outstanding page but those waiting for a retry that is not due (their reminder has them).</summary>
    private Task ResendOutstandingAsync()
    {
        var now = timeProvider.GetUtcNow();
        return Task.WhenAll(_tally!.OutstandingPages()
            .Where(page => page.RetryAt is null || page.RetryAt <= now)
            .Select(page => HandOverAsync(page, resume: true)));
    }

    private async Task HandOverAsync(PageRecord page, bool resume)
    {
        var spec = Spec;
        var request = new PageFetchRequest
        {
            JobId = JobId,
            Page = page.Page,
            Url = page.Url,
            ReachedFrom = page.ReachedFrom,
            Inspect = InspectionFor(page.Page),
            RespectRobotsTxt = spec.Politeness.RespectRobotsTxt,
            Headers = spec.Headers,
            RequestTimeout = spec.RequestTimeout,
            Retry = spec.Retry,
            Container = Destination.Container,
            BlobNameStem = PageBlobNames.Stem(Destination, page.Page, spec.Source.KnownPageCount ?? spec.MaxPages),
            Resume = resume,
            JobTraceParent = _startTraceParent,
        };

        try
        {
            await JobTracing.Dispatch(_startTraceParent, () => PageGrain(page.Page).Fetch(request));
        }
        catch (Exception exception)
        {
            // The page stays outstanding: the watchdog hands it over again.
            LogHandOverFailed(exception, JobId, page.Page);
        }
    }

    /// <summary>
    /// Ends a running job early: the decision is saved first, then every outstanding page is cancelled (and answers
    /// once it will write nothing more), then the manifest records what was stored.
    /// </summary>
    private async Task StopAsync(JobStatus status, JobStopCause cause)
    {
        var error = JobVerdict.Describe(cause, _tally!, Spec.Failure, state.State.EndReason);
        LogStopping(JobId, status, error);

        // The failures so far go to the journal first, so that finishing after a crash still knows them.
        await JournalFailuresAsync(CancellationToken.None);

        // Should this fail, nothing was decided: the job runs on, and the caller may try again.
        state.State.StopCause = cause;
        await SaveStatusAsync(status, error, completedAt: null);
        StopCheckpoints();
        await TryCompleteStopAsync();
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
            LogCancelFailed(exception, JobId, page);
            return null;
        }
    }

    /// <summary>
    /// Cancels every outstanding page (each answers once it will write nothing more, with its record if it got stored),
    /// then writes the manifest; if storage is down for that, the watchdog finishes later.
    /// </summary>
    private async Task TryCompleteStopAsync()
    {
        if (state.State.Clearing)
        {
            // The previous job's data is still being removed; the stop completes once it is (see ClearStepAsync).
            return;
        }

        try
        {
            var tally = _tally!;
            if (tally.Outstanding > 0)
            {
                var outcomes = await Task.WhenAll(tally.OutstandingPages().Select(page => CancelPageAsync(page.Page)));
                foreach (var outcome in outcomes.OfType<PageRecord>())
                {
                    tally.RecordEnded(outcome);
                }
            }

            tally.CancelRemaining();
            await FinishAsync(state.State.Status);
        }
        catch (Exception exception)
        {
            LogFinishFailed(exception, JobId);
        }
    }

    private async Task TryFinishIfAllEndedAsync()
    {
        if (!MayDispatch)
        {
            return;
        }

        await EndAtCapIfReachedAsync();
        if (_tally!.AllEnded)
        {
            var (status, cause) = JobVerdict.OfEnded(_tally, Spec.Source);
            state.State.StopCause = cause;
            StartFinishing(status);
        }
    }

    /// <summary>
    /// Writes the manifest and the final state in a timer turn that lets the job's other calls interleave: the manifest
    /// streams every stored page back from storage, which for a job of 100,000 pages outlasts a grain call's timeout,
    /// and the job must keep answering (its view, its pages, the last pages' reports) meanwhile. Until it is done the
    /// job stays Running and takes no more pages.
    /// </summary>
    private void StartFinishing(JobStatus status)
    {
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
                    // Storage is down: the checkpoint timer and the watchdog try again.
                    LogFinishFailed(exception, JobId);
                }
                finally
                {
                    timer?.Dispose();
                    _finishing = null;
                    done.SetResult();
                }
            },
            new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
                KeepAlive = true,
            });
    }

    /// <summary>Writes the manifest, then the final state: a job is only marked ended once its manifest exists.</summary>
    private async Task FinishAsync(JobStatus status)
    {
        var tally = _tally!;
        var completedAt = timeProvider.GetUtcNow();

        // Written from the final counts, so that the error and the counts agree.
        var error = JobVerdict.Describe(state.State.StopCause, tally, Spec.Failure, state.State.EndReason) ?? state.State.Error;
        state.State.Error = error;
        await manifests.WriteAsync(ManifestOf(status, completedAt), PagesAsync(null, CancellationToken.None), CancellationToken.None);

        // Not ended until saved: should this fail, the checkpoints or the watchdog finish it later.
        await SaveStatusAsync(status, error, completedAt);
        _dirty = false;
        StopCheckpoints();
        await StopWatchdogAsync();
        await TryUpdateRegistryAsync();
        LogFinished(JobId, status, tally.Succeeded, tally.Failed);
    }

    /// <summary>
    /// Saves a change of status with the counts so far. Until the save has succeeded the view goes on showing the status
    /// before it (GetView interleaves with the save), and a save that fails undoes the change.
    /// </summary>
    private async Task SaveStatusAsync(JobStatus status, string? error, DateTimeOffset? completedAt)
    {
        var before = (state.State.Status, state.State.Error, state.State.CompletedAt);
        _shownWhileSaving = before;
        (state.State.Status, state.State.Error, state.State.CompletedAt) = (status, error, completedAt);
        CopyTally();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Status, state.State.Error, state.State.CompletedAt) = before;
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
        Name = Spec.Name,
        Status = status,
        Error = state.State.Error,
        Source = ManifestSource.From(Spec.Source, _tally!.Total),
        Destination = Destination,
        CreatedAt = state.State.CreatedAt,
        CompletedAt = completedAt,
        Counts = new ManifestCounts(_tally.Total, _tally.Succeeded, _tally.Failed, _tally.Bytes, _tally.Cancelled),
        EndReason = state.State.EndReason,
        Truncated = state.State.Truncated,
    };

    private void StartCheckpoints()
    {
        var period = options.Value.CheckpointInterval;
        _checkpointTimer ??= this.RegisterGrainTimer(
            CheckpointAsync,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = true });
    }

    private void StopCheckpoints()
    {
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await TryFinishIfAllEndedAsync();
        if (!IsTakingPages)
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

        if (_dirty || state.State.DispatchedThrough != _tally!.DispatchedThrough || state.State.KnownEnd != _tally.End)
        {
            CopyTally();
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
    }

    private async Task JournalFailuresAsync(CancellationToken cancellationToken)
    {
        if (_unjournaledFailures.Count > 0)
        {
            var batch = _unjournaledFailures.ToList();
            await journal.AppendAsync(JobId, state.State.Round, batch, cancellationToken);
            _unjournaledFailures.RemoveRange(0, batch.Count);
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
            LogWatchdogFailed(exception, JobId);
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
            LogWatchdogRemovalFailed(exception, JobId);
        }
    }

    private void CopyTally()
    {
        state.State.Succeeded = _tally!.Succeeded;
        state.State.Failed = _tally.Failed;
        state.State.Bytes = _tally.Bytes;
        state.State.DispatchedThrough = _tally.DispatchedThrough;
        state.State.KnownEnd = _tally.End ?? state.State.KnownEnd;
    }

    private IPageFetchGrain PageGrain(int page) => GrainFactory.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(JobId, page));

    private async Task TryUpdateRegistryAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).Upsert(
                new JobSummary(JobId, Spec.Name, state.State.Status, state.State.CreatedAt, state.State.CompletedAt));
        }
        catch (Exception exception)
        {
            // The list catches up when the job ends.
            LogRegistryFailed(exception, JobId);
        }
    }

    private JobView View()
    {
        var job = state.State;
        var (status, error, completedAt) = _shownWhileSaving ?? (job.Status, job.Error, job.CompletedAt);
        if (completedAt is null && status.IsFinished())
        {
            // A stop is decided but its manifest not yet written (pages are being cancelled, or storage is down): the job
            // is shown ended only once it can be read back, so whoever sees it ended can read its manifest at once.
            (status, error) = (JobStatus.Running, null);
        }

        var total = job.KnownEnd ?? job.Succeeded + job.Failed;
        var counts = _tally?.Counts(timeProvider.GetUtcNow())
            ?? (status == JobStatus.Running
                ? new PageCounts(total, job.Succeeded, job.Failed, 0, 0, total - job.Succeeded - job.Failed, 0, job.KnownEnd is not null)
                : new PageCounts(total, job.Succeeded, job.Failed, 0, 0, 0, total - job.Succeeded - job.Failed));
        return new JobView
        {
            Id = JobId,
            Name = Spec.Name,
            Status = status,
            CreatedAt = job.CreatedAt,
            CompletedAt = completedAt,
            Destination = Destination,
            ManifestBlob = Destination.ManifestBlobName,
            Bytes = _tally?.Bytes ?? job.Bytes,
            Pages = counts,
            Error = error,
            Spec = Spec,
            Progress = status == JobStatus.Running ? Progress(counts) : null,
            EndReason = job.EndReason,
            Truncated = job.Truncated,
            SupersededBy = job.SupersededBy,
            SupersededAt = job.SupersededAt,
            Replaced = job.Replaced,
            Retries = job.Round,
        };
    }

    private JobProgress? Progress(PageCounts counts)
    {
        if (_meter is null)
        {
            return null;
        }

        var (pagesPerSecond, bytesPerSecond) = _meter.Rates();
        var ended = counts.Succeeded + counts.Failed + counts.Cancelled;
        var left = counts.Total - ended;
        double? eta = pagesPerSecond > 0 && counts.TotalKnown ? left / pagesPerSecond : null;
        return new JobProgress
        {
            PagesPerSecond = Math.Round(pagesPerSecond, 2),
            BytesPerSecond = Math.Round(bytesPerSecond),
            EtaSeconds = eta is { } seconds ? Math.Round(seconds, 1) : null,
            EstimatedCompletionAt = eta is { } due ? timeProvider.GetUtcNow().AddSeconds(due) : null,
            Fraction = counts.TotalKnown && counts.Total > 0 ? Math.Round((double)ended / counts.Total, 4) : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {Pages} pages (empty while the source's end is unknown), concurrency {Concurrency}")]
    private partial void LogStarted(Guid jobId, int? pages, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was running when its grain last stopped; resuming")]
    private partial void LogResuming(Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} restored: {Succeeded} pages stored and {Failed} failed of {Total}")]
    private partial void LogRestored(Guid jobId, int succeeded, int failed, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page} could not be handed to its fetch grain; the watchdog will retry")]
    private partial void LogHandOverFailed(Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page} could not be cancelled")]
    private partial void LogCancelFailed(Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopping as {Status}: {Reason}")]
    private partial void LogStopping(Guid jobId, JobStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: finishing failed; will try again")]
    private partial void LogFinishFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its watchdog reminder could not be registered; will try again")]
    private partial void LogWatchdogFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the job list could not be updated")]
    private partial void LogRegistryFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its watchdog reminder could not be removed")]
    private partial void LogWatchdogRemovalFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} refused: its prefix {Container}/{Prefix} belongs to job {Owner}")]
    private partial void LogPrefixRefused(Guid jobId, string container, string prefix, Guid? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is superseded: job {By} replaced its data")]
    private partial void LogSuperseded(Guid jobId, Guid by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the jobs it replaces could not all be told so; will try again")]
    private partial void LogSupersedeFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: fetching again what it did not store (round {Round}; {Failed} pages had failed)")]
    private partial void LogRetryingFailed(Guid jobId, int round, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status}: {Succeeded} pages stored, {Failed} failed")]
    private partial void LogFinished(Guid jobId, JobStatus status, int succeeded, int failed);
}
