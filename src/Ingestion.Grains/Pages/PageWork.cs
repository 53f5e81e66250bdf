using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ingestion.Fetching;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Ingestion.Grains.Pages;

/// <summary>
/// One page's work in its fetch grain: fetches and stores it, retrying with backoff, then reports the outcome to the job.
/// A page that fails saves its progress (under the page's own key) and registers a reminder (named for the page) before
/// it waits, so the retry survives the silo; a page that succeeds at once writes nothing but its blob.
/// </summary>
/// <remarks>
/// Runs on its grain's turns, beside the other pages of the grain. Only an attempt's classified result (see
/// <see cref="PageFetcher"/>) can fail a page for good. Anything else that goes wrong here (storage or the job grain out
/// of reach) leaves the page to its reminder or to the job's watchdog.
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A CancellationTokenSource without a timer holds nothing to release; disposing it while background work may still observe its token would throw.")]
public sealed partial class PageWork
{
    private const string StateName = "page";
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    private readonly PageWorkServices _services;
    private readonly IGrainBase _grain;
    private readonly PageReports _reports;
    private readonly Action<PageWork> _ended;
    private readonly ILogger _logger;
    private readonly GrainId _stateId;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _fetchEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _work;
    private PageRecord? _outcome;
    private PageFindings? _findings;

    // The stored body, for the job's records grain, when the job writes records and the page went up in one request.
    private Ingestion.Records.OfferedPage? _offered;
    private bool _cancelled;
    private bool _reminderRegistered;

    // This work took a fresh dispatch (not a resume) and has saved nothing since: no saved retry can exist for it to
    // forget, so a cancel need not read one (a read of state never saved answers 404, a red span in the trace).
    private bool _nothingSaved;

    /// <param name="grain">The page's fetch grain: the reminder that brings a waiting retry back is its.</param>
    /// <param name="jobId">The job whose page this is.</param>
    /// <param name="page">The page's number.</param>
    /// <param name="reports">The grain's line of reports to the job.</param>
    /// <param name="ended">Told once the work has ended (reported, handed to its reminder, interrupted or cancelled).</param>
    /// <param name="reminderName">The name of the grain's reminder for this page (see <see cref="ReminderNameOf"/>).</param>
    public PageWork(
        PageWorkServices services, IGrainBase grain, Guid jobId, int page, PageReports reports, Action<PageWork> ended, ILogger logger, string reminderName)
    {
        _services = services;
        _grain = grain;
        _reports = reports;
        _ended = ended;
        _logger = logger;
        JobId = jobId;
        Page = page;
        ReminderName = reminderName;
        _stateId = GrainId.Create(grain.GrainContext.GrainId.Type, IPageFetchGrain.StateKeyFor(jobId, page));
    }

    public Guid JobId { get; }

    public int Page { get; }

    /// <summary>The name of the reminder that brings this page's waiting retry back.</summary>
    public string ReminderName { get; }

    /// <summary>"retry-{page}": one grain holds the reminders of all its pages.</summary>
    public static string ReminderNameOf(int page) => string.Create(CultureInfo.InvariantCulture, $"retry-{page}");

    /// <summary>The page a reminder name is for; null for a name that is no page's.</summary>
    public static int? PageOfReminder(string reminderName) =>
        reminderName.StartsWith("retry-", StringComparison.Ordinal)
        && int.TryParse(reminderName.AsSpan(6), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var page)
            ? page
            : null;

    /// <summary>Starts a fresh dispatch (or a resume handed out by the job).</summary>
    public void Start(PageFetchRequest request)
    {
        _nothingSaved = !request.Resume;
        _work = RunAsync(request, askJobFirst: false);
    }

    /// <summary>
    /// Picks up a retry whose activation is gone (its silo died, or the wait was long), as its reminder asks: the saved
    /// request, if any, after asking the job whether it still wants the page.
    /// </summary>
    public async Task ResumeAsync()
    {
        try
        {
            var saved = await ReadSavedAsync();
            if (_cancelled)
            {
                return;
            }

            if (saved.State?.Request is not { } request)
            {
                await ForgetRetryAsync(saved);
                return;
            }

            _work = RunAsync(request, askJobFirst: true, saved);
        }
        finally
        {
            if (_work is null)
            {
                _fetchEnded.TrySetResult();
                _ended(this);
            }
        }
    }

    /// <summary>
    /// Stops the page: aborts its request, drops a waiting retry and its reminder. Returns once nothing more will be
    /// written, with the page's record if it got stored (or failed for good) first.
    /// </summary>
    public async Task<PageRecord?> CancelAsync()
    {
        _cancelled = true;
        await _stopping.CancelAsync();
        if (_work is not null)
        {
            // Wait for the request and the upload to unwind (the report, which would call the busy job grain back, is
            // withdrawn once cancelled).
            await _fetchEnded.Task.WaitAsync(CancelWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        if (!_nothingSaved)
        {
            await ForgetRetryAsync(await TryReadSavedAsync());
        }

        return _outcome;
    }

    /// <summary>Cancels a page this grain holds no work for: forgets a retry an earlier activation may have saved.</summary>
    public async Task ForgetAsync() => await ForgetRetryAsync(await TryReadSavedAsync());

    /// <summary>
    /// The grain is going away (its silo stopping, or nothing left to do): a request still under way is abandoned. A saved
    /// retry and its reminder carry on elsewhere; a page with neither is dispatched again by its job's watchdog.
    /// </summary>
    public void Abandon() => _stopping.Cancel();

    private async Task RunAsync(PageFetchRequest request, bool askJobFirst, GrainState<PageRetryState>? saved = null)
    {
        using var logScope = _logger.BeginScope(IngestionLogScope.ForPage(request.JobId, request.Page));

        // Let the grain's call return before the first request goes out.
        await Task.Yield();
        var job = _services.References.Job(request.JobId);
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
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || _services.PagesInFlight.Closing.IsCancellationRequested)
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

        try
        {
            if (outcome is not null && !_cancelled)
            {
                // Its body goes to the job's records first (one message, not awaited), so they have it when they learn
                // that the page has ended.
                if (_offered is { } offered)
                {
                    _ = _services.References.Records(request.JobId).Offer(offered);
                    _offered = null;
                }

                await _reports.ReportAsync(new PageEnd(outcome, _findings), () => _cancelled);
            }
        }
        finally
        {
            _ended(this);
        }
    }

    /// <summary>
    /// For a page handed out again (a resume), its blob if the job already stored it. A page whose response the job
    /// reads (the next link, the total) is fetched again all the same: the job needs what it says, not only its blob.
    /// </summary>
    private async Task<PageRecord?> StoredBeforeAsync(PageFetchRequest request) =>
        request is { Resume: true, Inspect: null, FetchedBefore: false }
            ? await _services.StoredPages.FindAsync(request, _stopping.Token)
            : null;

    /// <summary>The page's final record, or null when a long wait was handed over to the reminder.</summary>
    private async Task<PageRecord?> FetchWithRetriesAsync(
        PageFetchRequest request, IIngestionJobGrain job, GrainState<PageRetryState> saved)
    {
        var progress = saved.State ??= new PageRetryState();
        progress.Request ??= request;
        var cancellationToken = _stopping.Token;
        var time = _services.Time;

        // A saved retry's wait, or the first attempt's turn when the job paces its requests to this host.
        var startAt = progress.Attempts == 0 ? request.NotBefore : progress.RetryAt;
        if (startAt - time.GetUtcNow() is { Ticks: > 0 } stillToWait)
        {
            await Task.Delay(stillToWait, time, cancellationToken);
        }

        while (true)
        {
            using var attempt = _services.Metrics.StartAttempt(request, progress.Attempts + 1);
            var started = time.GetTimestamp();
            // The wait for the host's turn (its politeness limits) is no part of the attempt, its timeout or its count.
            // A silo that stops ends the wait and starts no new request, but lets a request under way end.
            using var turnWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _services.PagesInFlight.Closing);
            var attempts = progress.Attempts + 1;
            // The attempt (the host's turn, the request, the upload and the hashing) runs on the thread pool, not on the
            // grain's turns: the grain holds a block of pages, and their attempts are to run side by side, each on a
            // core of its own, not one after another. Only the page's bookkeeping comes back to the grain.
            var result = await Task.Run(
                () => _services.AttemptAdmission.RunAsync(
                    request.Url,
                    request.RespectRobotsTxt,
                    () => _services.PagesInFlight.RunAsync(() => _services.Fetcher.FetchAsync(request, attempts, job.OnPageInspected, cancellationToken)),
                    turnWait.Token),
                CancellationToken.None);
            var duration = time.GetElapsedTime(started);
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
            progress.RetryAt = time.GetUtcNow() + delay;
            LogRetrying(request.JobId, request.Page, progress.Attempts, result.Error, delay.TotalSeconds);
            var durable = await SaveRetryAsync(saved, delay);
            job.OnPageRetrying(record with { Status = PageStatus.WaitingRetry, RetryAt = progress.RetryAt }).Ignore();

            if (durable && delay > _services.Retry.TimerThreshold)
            {
                // A long wait: let the work go; the reminder brings the page back when the retry is due.
                return null;
            }

            await Task.Delay(delay, time, cancellationToken);
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

        if (result.Record is { } stored)
        {
            // As its blob records it, so the job can write its manifest from the reports without listing its blobs.
            return stored with { Attempts = attempts, DurationMs = durationMs };
        }

        return new PageRecord
        {
            Page = request.Page,
            Url = request.Url,
            Status = result.PastEnd ? PageStatus.PastEnd : PageStatus.Failed,
            HttpStatus = result.HttpStatus,
            Attempts = attempts,
            Error = result.Error,
            FailureKind = result.PastEnd ? null : result.FailureKind,
            FetchedAt = _services.Time.GetUtcNow(),
            DurationMs = durationMs,
            ReachedFrom = request.ReachedFrom,
        };
    }

    /// <summary>Saves the page's progress and registers its reminder; false if storage could not take them.</summary>
    private async Task<bool> SaveRetryAsync(GrainState<PageRetryState> saved, TimeSpan delay)
    {
        var options = _services.Retry;
        var timerDriven = delay <= options.TimerThreshold;
        var dueTime = timerDriven ? delay + options.ReminderGrace : delay;
        var period = options.ReminderGrace > _services.Reminders.MinimumReminderPeriod
            ? options.ReminderGrace
            : _services.Reminders.MinimumReminderPeriod;

        // From the first write on, a saved retry may exist (even when the write seems to fail).
        _nothingSaved = false;
        try
        {
            try
            {
                await _services.Storage.WriteStateAsync(StateName, _stateId, saved);
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
                await _services.Storage.WriteStateAsync(StateName, _stateId, saved);
            }

            await _grain.RegisterOrUpdateReminder(ReminderName, dueTime, period);
            _reminderRegistered = true;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage is down: the retry still happens in this activation, it just would not survive the silo.
            LogSaveFailed(exception, JobId, Page);
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
            if (await _grain.GetReminder(ReminderName) is { } reminder)
            {
                await _grain.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
            if (saved is { RecordExists: true })
            {
                await _services.Storage.ClearStateAsync(StateName, _stateId, saved);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A reminder left behind finds no saved request, or a job that no longer wants the page, and goes away.
            LogForgetFailed(exception, JobId, Page);
        }
    }

    private async Task<GrainState<PageRetryState>> ReadSavedAsync()
    {
        var saved = new GrainState<PageRetryState>(new PageRetryState());
        await _services.Storage.ReadStateAsync(StateName, _stateId, saved);
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
            LogForgetFailed(exception, JobId, Page);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} page {Page}: attempt {Attempt} failed ({Error}); retrying in {DelaySeconds:F1} s")]
    private partial void LogRetrying(Guid jobId, int page, int attempt, string? error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} page {Page}: the retry could not be saved; it will not survive this silo")]
    private partial void LogSaveFailed(Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} page {Page}: the saved retry or its reminder could not be read or removed")]
    private partial void LogForgetFailed(Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} page {Page}: interrupted; its reminder or the job's watchdog will bring it back")]
    private partial void LogInterrupted(Exception exception, Guid jobId, int page);
}
