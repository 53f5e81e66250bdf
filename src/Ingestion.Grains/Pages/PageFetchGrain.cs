using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Ingestion.Fetching;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Politeness;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Ingestion.Grains.Pages;

/// <summary>
/// Fetches one page and stores it, retrying with backoff, then reports the outcome to the job grain and deactivates.
/// The work runs in the activation after <see cref="Fetch"/> has returned, so the job grain is never held up by a slow page.
/// A page that fails saves its progress and registers a reminder before it waits, so the retry survives the silo;
/// a page that succeeds at once writes nothing but its blob.
/// </summary>
/// <remarks>
/// Only an attempt's classified result (see <see cref="PageFetcher"/>) can fail a page for good. Anything else that goes
/// wrong here (storage or the job grain out of reach) leaves the page to its reminder or to the job's watchdog.
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A CancellationTokenSource without a timer holds nothing to release; disposing it while background work may still observe its token would throw.")]
public sealed partial class PageFetchGrain(
    PageFetcher fetcher,
    StoredPageLookup storedPages,
    AttemptAdmission attemptAdmission,
    PagesInFlight pagesInFlight,
    PagePathReferences references,
    IOptions<RetryOptions> retryOptions,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    IngestionMetrics metrics,
    ILogger<PageFetchGrain> logger)
    : Grain, IPageFetchGrain, IRemindable
{
    private const string RetryReminderName = "retry";
    private const string StateName = "page";
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);
    // A report that fails is tried again soon: most often the job's silo has died, and the report is what brings the job
    // back on a live one as soon as the cluster has declared that silo dead (seconds).
    private static readonly TimeSpan FirstReportDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxReportDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _fetchEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _work;
    private PageRecord? _outcome;
    private PageFindings? _findings;

    // The stored body, for the job's records grain, when the job writes records and the page went up in one request.
    private Ingestion.Records.OfferedPage? _offered;
    private bool _cancelled;
    private bool _reminderRegistered;

    // This activation took a fresh dispatch (not a resume) and has saved nothing since: no saved retry can exist for
    // it to forget, so a cancel need not read one (a read of state never saved answers 404, a red span in the trace).
    private bool _nothingSaved;

    private IGrainStorage Storage => ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.JobStore);

    public Task Fetch(PageFetchRequest request)
    {
        // A page under way ignores a repeated dispatch; one whose work has ended (and been reported) takes a new one,
        // which is the job fetching it again (a retry of its failed pages).
        if (!_cancelled && _work is not { IsCompleted: false })
        {
            _nothingSaved = _work is null && !request.Resume;
            _work = RunAsync(request, askJobFirst: false);
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetryReminderName || _work is not null || _cancelled)
        {
            // Alive and already retrying (the reminder is only the backstop), or stopped.
            return;
        }

        // The activation that scheduled the retry is gone (its silo died, or the wait was long): pick it up.
        var saved = await ReadSavedAsync();
        if (_work is not null || _cancelled)
        {
            return;
        }

        if (saved.State?.Request is not { } request)
        {
            await ForgetRetryAsync(saved);
            DeactivateOnIdle();
            return;
        }

        _work = RunAsync(request, askJobFirst: true, saved);
    }

    public async Task<PageRecord?> Cancel()
    {
        _cancelled = true;
        await _stopping.CancelAsync();
        try
        {
            if (_work is not null)
            {
                // Wait for the request and the upload to unwind (the report, which would call the busy job grain
                // back, is skipped once cancelled).
                await _fetchEnded.Task.WaitAsync(CancelWait);
            }
        }
        finally
        {
            if (!_nothingSaved)
            {
                await ForgetRetryAsync(await TryReadSavedAsync());
            }

            DeactivateOnIdle();
        }

        return _outcome;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silo is going away (or the page is done): a request still under way is abandoned. A saved retry and its
        // reminder carry on elsewhere; a page with neither is dispatched again by its job's watchdog.
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(PageFetchRequest request, bool askJobFirst, GrainState<PageRetryState>? saved = null)
    {
        _fetchEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var logScope = logger.BeginScope(IngestionLogScope.ForPage(request.JobId, request.Page));

        // Let Fetch return before the first request goes out.
        await Task.Yield();
        var job = references.Job(request.JobId);
        PageRecord? outcome = null;
        try
        {
            if (request.Resume && saved is null)
            {
                saved = await ReadSavedAsync();
            }

            if (askJobFirst && !await job.IsPageWanted(request.Page))
            {
                // The job ended or was cancelled while this page waited.
                await ForgetRetryAsync(saved);
                return;
            }

            if (await StoredBeforeAsync(request) is { } stored)
            {
                // Stored by an activation that was lost before it reported (its silo died or stopped): report that.
                await ForgetRetryAsync(saved);
                outcome = stored;
            }
            else
            {
                outcome = await FetchWithRetriesAsync(request, job, saved ?? new GrainState<PageRetryState>(new PageRetryState()));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || pagesInFlight.Closing.IsCancellationRequested)
        {
            // Cancelled, or the silo is stopping: a saved retry and its reminder carry on elsewhere; a page with
            // neither is handed out again by its job once the silo has left the cluster.
        }
        catch (Exception exception)
        {
            // Storage or the job grain out of reach: not a verdict on the page. Its reminder or the job's watchdog
            // brings it back.
            LogInterrupted(exception, request.JobId, request.Page);
        }
        finally
        {
            _outcome = outcome;
            _fetchEnded.TrySetResult();
        }

        if (outcome is null)
        {
            // Interrupted or handed over to the reminder: a later reminder or dispatch starts afresh.
            _work = null;
        }
        else if (!_cancelled)
        {
            // The page has ended: a repeated dispatch that reaches this activation changes nothing. Its body goes to the
            // job's records first (one message, not awaited), so they have it when they learn that the page has ended.
            if (_offered is { } offered)
            {
                _ = GrainFactory.GetGrain<IJobRecordsGrain>(request.JobId).Offer(offered);
                _offered = null;
            }

            await ReportAsync(job, outcome, _findings);
        }

        DeactivateOnceDone();
    }

    /// <summary>
    /// Deactivates the grain from its work, which outlives the <see cref="Fetch"/> call that started it. That call's span is
    /// still the current activity here, stopped since the call returned; Orleans' deactivation puts back the activity it
    /// found, and putting back a stopped one makes <see cref="Activity"/> throw and catch an exception: a measurable share
    /// of a page's CPU. The work is over, so it lets go of that span first.
    /// </summary>
    private void DeactivateOnceDone()
    {
        Activity.Current = null;
        DeactivateOnIdle();
    }

    /// <summary>
    /// For a page handed out again (a resume), its blob if the job already stored it. A page whose response the job
    /// reads (the next link, the total) is fetched again all the same: the job needs what it says, not only its blob.
    /// </summary>
    private async Task<PageRecord?> StoredBeforeAsync(PageFetchRequest request) =>
        request is { Resume: true, Inspect: null, FetchedBefore: false }
            ? await storedPages.FindAsync(request, _stopping.Token)
            : null;

    /// <summary>The page's final record, or null when a long wait was handed over to the reminder.</summary>
    private async Task<PageRecord?> FetchWithRetriesAsync(
        PageFetchRequest request, IIngestionJobGrain job, GrainState<PageRetryState> saved)
    {
        var progress = saved.State ??= new PageRetryState();
        progress.Request ??= request;
        var cancellationToken = _stopping.Token;
        // A saved retry's wait, or the first attempt's turn when the job paces its requests to this host.
        var startAt = progress.Attempts == 0 ? request.NotBefore : progress.RetryAt;
        if (startAt - timeProvider.GetUtcNow() is { Ticks: > 0 } stillToWait)
        {
            await Task.Delay(stillToWait, timeProvider, cancellationToken);
        }

        while (true)
        {
            using var attempt = metrics.StartAttempt(request, progress.Attempts + 1);
            var started = timeProvider.GetTimestamp();
            // The wait for the host's turn (its politeness limits) is no part of the attempt, its timeout or its count.
            // A silo that stops ends the wait and starts no new request, but lets a request under way end.
            using var turnWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pagesInFlight.Closing);
            var result = await attemptAdmission.RunAsync(
                request.Url,
                request.RespectRobotsTxt,
                () => pagesInFlight.RunAsync(() => fetcher.FetchAsync(request, progress.Attempts + 1, job.OnPageInspected, cancellationToken)),
                turnWait.Token);
            var duration = timeProvider.GetElapsedTime(started);
            progress.Attempts++;
            if (!result.Succeeded && !result.StorageFailure)
            {
                progress.UpstreamFailures++;
            }

            var record = RecordOf(request, result, progress.Attempts, duration);
            _findings = result.Findings ?? _findings;

            var final = result.Succeeded || result.Unchanged || result.PastEnd || !result.Retryable || progress.UpstreamFailures >= request.Retry.MaxAttempts;
            attempt.End(result, final);
            if (final)
            {
                await ForgetRetryAsync(saved);
                _offered = result is { Succeeded: true, Stored: { Body: { } body } stored }
                    ? new Ingestion.Records.OfferedPage(request.Page, stored.FetchedAt, body)
                    : null;
                return record;
            }

            // The backoff grows with every attempt, storage outages included, so a long outage is not a busy loop.
            var delay = RetryPolicy.DelayBefore(progress.Attempts + 1, request.Retry, result.RetryAfter, Random.Shared);
            progress.LastFailure = record;
            progress.RetryAt = timeProvider.GetUtcNow() + delay;
            LogRetrying(request.JobId, request.Page, progress.Attempts, result.Error, delay.TotalSeconds);
            var durable = await SaveRetryAsync(saved, delay);
            job.OnPageRetrying(record with { Status = PageStatus.WaitingRetry, RetryAt = progress.RetryAt }).Ignore();

            if (durable && delay > retryOptions.Value.TimerThreshold)
            {
                // A long wait: let the activation go; the reminder brings the page back when the retry is due.
                return null;
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    /// <summary>The page's record after an attempt: unchanged (pointing at the baseline's blob), stored, past the end, or failed.</summary>
    private PageRecord RecordOf(PageFetchRequest request, FetchAttempt result, int attempts, TimeSpan duration)
    {
        var durationMs = Math.Round(duration.TotalMilliseconds, 1);
        if (result.Unchanged && request.Previous is { } previous)
        {
            return UnchangedPageRecord.Of(previous, request.Page, request.Url) with { Attempts = attempts, DurationMs = durationMs };
        }

        return new PageRecord
        {
            Page = request.Page,
            Url = request.Url,
            Status = result switch
            {
                { Succeeded: true } => PageStatus.Succeeded,
                { PastEnd: true } => PageStatus.PastEnd,
                _ => PageStatus.Failed,
            },
            HttpStatus = result.HttpStatus,
            Attempts = attempts,
            Blob = result.Stored?.Name,
            Bytes = result.Stored?.Bytes,
            Sha256 = result.Stored?.Sha256,
            ContentType = result.ContentType,
            Error = result.Error,
            FailureKind = result.Succeeded || result.PastEnd ? null : result.FailureKind,
            FetchedAt = timeProvider.GetUtcNow(),
            DurationMs = durationMs,
            ReachedFrom = request.ReachedFrom,
        };
    }

    /// <summary>Saves the page's progress and registers its reminder; false if storage could not take them.</summary>
    private async Task<bool> SaveRetryAsync(GrainState<PageRetryState> saved, TimeSpan delay)
    {
        var options = retryOptions.Value;
        var timerDriven = delay <= options.TimerThreshold;
        var dueTime = timerDriven ? delay + options.ReminderGrace : delay;
        var period = options.ReminderGrace > reminderOptions.Value.MinimumReminderPeriod
            ? options.ReminderGrace
            : reminderOptions.Value.MinimumReminderPeriod;

        // From the first write on, a saved retry may exist (even when the write seems to fail).
        _nothingSaved = false;
        try
        {
            try
            {
                await Storage.WriteStateAsync(StateName, GrainContext.GrainId, saved);
            }
            catch (InconsistentStateException)
            {
                // An earlier activation saved this page and this one did not read it (it was dispatched afresh):
                // take over its record, keeping the larger count of attempts.
                var earlier = await ReadSavedAsync();
                var mine = saved.State ??= new PageRetryState();
                var theirs = earlier.State ?? new PageRetryState();
                saved.ETag = earlier.ETag;
                saved.RecordExists = earlier.RecordExists;
                mine.Attempts = Math.Max(mine.Attempts, theirs.Attempts);
                mine.UpstreamFailures = Math.Max(mine.UpstreamFailures, theirs.UpstreamFailures);
                await Storage.WriteStateAsync(StateName, GrainContext.GrainId, saved);
            }

            await this.RegisterOrUpdateReminder(RetryReminderName, dueTime, period);
            _reminderRegistered = true;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage is down: the retry still happens in this activation, it just would not survive the silo.
            LogSaveFailed(exception, GrainContext.GrainId.ToString());
            return false;
        }
    }

    private async Task ForgetRetryAsync(GrainState<PageRetryState>? saved)
    {
        if (saved is null or { RecordExists: false } && !_reminderRegistered)
        {
            return;
        }

        try
        {
            if (await this.GetReminder(RetryReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
            if (saved is { RecordExists: true })
            {
                await Storage.ClearStateAsync(StateName, GrainContext.GrainId, saved);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A reminder left behind finds no saved request, or a job that no longer wants the page, and goes away.
            LogForgetFailed(exception, GrainContext.GrainId.ToString());
        }
    }

    private async Task<GrainState<PageRetryState>> ReadSavedAsync()
    {
        var saved = new GrainState<PageRetryState>(new PageRetryState());
        await Storage.ReadStateAsync(StateName, GrainContext.GrainId, saved);
        saved.State ??= new PageRetryState();
        return saved;
    }

    private async Task<GrainState<PageRetryState>?> TryReadSavedAsync()
    {
        try
        {
            return await ReadSavedAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogForgetFailed(exception, GrainContext.GrainId.ToString());
            return null;
        }
    }

    /// <summary>Reports the outcome until the job grain takes it, or this activation is told to stop.</summary>
    private async Task ReportAsync(IIngestionJobGrain job, PageRecord outcome, PageFindings? findings)
    {
        for (var attempt = 1; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await job.OnPageFinished(outcome, findings);
                return;
            }
            catch (Exception exception)
            {
                LogReportFailed(exception, outcome.Page, attempt);
                var delay = TimeSpan.FromTicks(Math.Min(MaxReportDelay.Ticks, FirstReportDelay.Ticks << Math.Min(attempt - 1, 10)));
                try
                {
                    await Task.Delay(delay, timeProvider, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the job's watchdog will hand the page out again.
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} page {Page}: attempt {Attempt} failed ({Error}); retrying in {DelaySeconds:F1} s")]
    private partial void LogRetrying(Guid jobId, int page, int attempt, string? error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Page}: reporting to the job grain failed (attempt {Attempt})")]
    private partial void LogReportFailed(Exception exception, int page, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}: the retry could not be saved; it will not survive this silo")]
    private partial void LogSaveFailed(Exception exception, string grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}: the saved retry or its reminder could not be read or removed")]
    private partial void LogForgetFailed(Exception exception, string grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} page {Page}: interrupted; its reminder or the job's watchdog will bring it back")]
    private partial void LogInterrupted(Exception exception, Guid jobId, int page);
}
