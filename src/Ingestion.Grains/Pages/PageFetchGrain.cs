using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Pages;

/// <summary>
/// Fetches the pages of one block of a job (see <see cref="IPageFetchGrain"/>): each page is a <see cref="PageWork"/> of
/// its own, and the grain only hands them their requests, cancels and reminders, and carries their reports to the job on
/// one line (<see cref="PageReports"/>). The work runs after <see cref="Fetch"/> has returned, so the job grain is never
/// held up by a slow page; once no page is left at work the grain deactivates.
/// </summary>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A CancellationTokenSource without a timer holds nothing to release; disposing it while background work may still observe its token would throw.")]
public sealed partial class PageFetchGrain(PageWorkServices services, ILogger<PageFetchGrain> logger) : Grain, IPageFetchGrain, IRemindable
{
    // The reminder an earlier version registered on a grain of one page (whose key was "{job}/{page}").
    private const string OnePageReminderName = "retry";

    private readonly Dictionary<int, PageWork> _pages = [];
    private readonly CancellationTokenSource _stopping = new();
    private PageReports? _reports;

    private Guid? _jobId;
    private bool? _isOnePageGrain;

    // Read from the key once: every page the grain takes needs them.
    private Guid JobId => _jobId ??= IPageFetchGrain.JobOf(this.GetPrimaryKeyString());

    private bool IsOnePageGrain => _isOnePageGrain ??= OnePageOfGrain() is not null;

    private PageReports Reports => _reports ??= new PageReports(
        services.References.Job(JobId).OnPagesFinished, services.Time, (exception, page, attempt) => LogReportFailed(exception, page, attempt), _stopping.Token);

    public Task Fetch(PageFetchRequest[] requests)
    {
        foreach (var request in requests)
        {
            // A page under way ignores a repeated dispatch; one whose work has ended (and been reported) takes a new one,
            // which is the job fetching it again (a retry of its failed pages).
            if (!_pages.ContainsKey(request.Page))
            {
                var work = NewWork(request.Page);
                _pages[request.Page] = work;
                work.Start(request);
            }
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var page = PageWork.PageOfReminder(reminderName) ?? OnePagesReminder(reminderName);
        if (page is not { } number || _pages.ContainsKey(number))
        {
            // Not a page's, or its page is alive here and already retrying (the reminder is only the backstop).
            return;
        }

        // The activation that scheduled the retry is gone (its silo died, or the wait was long): pick it up.
        var work = NewWork(number);
        _pages[number] = work;
        await work.ResumeAsync();
    }

    public async Task<PageRecord?[]> Cancel(int[] pages)
    {
        var answers = await Task.WhenAll(pages.Select(page =>
        {
            if (_pages.Remove(page, out var work))
            {
                return work.CancelAsync();
            }

            // No work here: an earlier activation (perhaps on a silo that died) may have left a saved retry behind.
            return ForgetAsync(NewWork(page));
        }));

        DeactivateIfIdle();
        return answers;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The silo is going away (or the pages are done): requests still under way are abandoned. A saved retry and its
        // reminder carry on elsewhere; a page with neither is dispatched again by its job's watchdog.
        _stopping.Cancel();
        foreach (var work in _pages.Values)
        {
            work.Abandon();
        }

        return Task.CompletedTask;
    }

    private static async Task<PageRecord?> ForgetAsync(PageWork work)
    {
        await work.ForgetAsync();
        return null;
    }

    private PageWork NewWork(int page) =>
        new(services, this, JobId, page, Reports, Ended, logger, IsOnePageGrain ? OnePageReminderName : PageWork.ReminderNameOf(page));

    /// <summary>The page of a reminder registered by a grain of one page, when this is such a grain.</summary>
    private int? OnePagesReminder(string reminderName) => reminderName == OnePageReminderName ? OnePageOfGrain() : null;

    /// <summary>For a grain of one page (an earlier version's, whose key is "{job}/{page}"), its page.</summary>
    private int? OnePageOfGrain() =>
        int.TryParse(this.GetPrimaryKeyString().AsSpan(33), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var page) ? page : null;

    private void Ended(PageWork work)
    {
        if (_pages.TryGetValue(work.Page, out var current) && current == work)
        {
            _pages.Remove(work.Page);
        }

        DeactivateIfIdle();
    }

    /// <summary>
    /// Deactivates the grain once no page is at work in it. This often runs in a page's work, which outlives the call
    /// that started it: that call's span is still the current activity there, stopped since the call returned. Orleans'
    /// deactivation puts back the activity it found, and putting back a stopped one makes <see cref="Activity"/> throw
    /// and catch an exception, a measurable share of a page's CPU; so the grain lets go of that span first.
    /// </summary>
    private void DeactivateIfIdle()
    {
        if (_pages.Count == 0)
        {
            Activity.Current = null;
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Page}: reporting to the job grain failed (attempt {Attempt})")]
    private partial void LogReportFailed(Exception exception, int page, int attempt);
}
