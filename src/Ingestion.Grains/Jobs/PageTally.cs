using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The live, in-memory record of a job's pages: which are dispatched, waiting for a retry, or ended.
/// A page reported twice counts once.
/// </summary>
internal sealed class PageTally(SourceSpec source)
{
    private readonly PageRecord?[] _pages = new PageRecord?[source.PageCount];
    private readonly HashSet<int> _outstanding = [];
    private readonly HashSet<int> _waitingRetry = [];
    private int _nextPage = 1;

    public int Total => _pages.Length;

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Pages that failed with 401 or 403.</summary>
    public int AuthFailures { get; private set; }

    public int Cancelled { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Pages dispatched and not yet ended, waiting retries included.</summary>
    public int Outstanding => _outstanding.Count;

    public bool AllEnded => Succeeded + Failed + Cancelled == Total;

    /// <summary>Every page up to this one has been handed out at least once.</summary>
    public int DispatchedThrough => _nextPage - 1;

    /// <summary>The next page to dispatch, now marked in flight, or null when every page has been dispatched.</summary>
    public PageRecord? DispatchNext()
    {
        while (_nextPage <= Total)
        {
            var page = _nextPage++;
            if (_pages[page - 1] is null)
            {
                var record = new PageRecord { Page = page, Url = source.UrlOf(page), Status = PageStatus.InFlight };
                _pages[page - 1] = record;
                _outstanding.Add(page);
                return record;
            }
        }

        return null;
    }

    /// <summary>
    /// After a restart: every page up to <paramref name="dispatchedThrough"/> that has not ended may still be at work
    /// somewhere (or waiting for a retry), so it counts as outstanding, to be handed out again and, on a stop, cancelled.
    /// </summary>
    public void RestoreOutstanding(int dispatchedThrough)
    {
        var through = Math.Min(dispatchedThrough, Total);
        for (var page = 1; page <= through; page++)
        {
            if (!IsEnded(page))
            {
                _pages[page - 1] = new PageRecord { Page = page, Url = source.UrlOf(page), Status = PageStatus.InFlight };
                _outstanding.Add(page);
            }
        }

        _nextPage = Math.Max(_nextPage, through + 1);
    }

    /// <summary>The pages dispatched and not yet ended, in page order.</summary>
    public IReadOnlyList<PageRecord> OutstandingPages() =>
        [.. _outstanding.Order().Select(page => _pages[page - 1]!)];

    public bool IsEnded(int page) =>
        page >= 1 && page <= Total && _pages[page - 1]?.Status is PageStatus.Succeeded or PageStatus.Failed or PageStatus.Cancelled;

    /// <summary>Records a retry under way; ignored for a page that has ended.</summary>
    public void RecordRetrying(PageRecord page)
    {
        if (IsEnded(page.Page))
        {
            return;
        }

        // A page this activation did not dispatch (it was at work before a restart) is outstanding from now on.
        _pages[page.Page - 1] = page;
        _outstanding.Add(page.Page);
        _waitingRetry.Add(page.Page);
    }

    /// <summary>Records a page's end; false if it had ended already.</summary>
    public bool RecordEnded(PageRecord page)
    {
        if (IsEnded(page.Page))
        {
            return false;
        }

        // A page this activation never dispatched can end too: a report sent before a restart, or a page found
        // stored while resuming. It is then not dispatched again.
        _outstanding.Remove(page.Page);
        _waitingRetry.Remove(page.Page);
        _pages[page.Page - 1] = page;
        switch (page.Status)
        {
            case PageStatus.Succeeded:
                Succeeded++;
                Bytes += page.Bytes ?? 0;
                break;
            case PageStatus.Cancelled:
                Cancelled++;
                break;
            default:
                Failed++;
                if (page.HttpStatus is 401 or 403)
                {
                    AuthFailures++;
                }

                break;
        }

        return true;
    }

    /// <summary>Ends every page that has not ended as <see cref="PageStatus.Cancelled"/>, keeping its last error.</summary>
    public void CancelRemaining()
    {
        for (var page = 1; page <= Total; page++)
        {
            if (!IsEnded(page))
            {
                var last = _pages[page - 1];
                RecordEnded((last ?? new PageRecord { Page = page, Url = source.UrlOf(page), Status = PageStatus.Pending }) with
                {
                    Status = PageStatus.Cancelled,
                    RetryAt = null,
                });
            }
        }
    }

    public PageCounts Counts(DateTimeOffset now)
    {
        // A page whose retry is due is being fetched again.
        var waiting = _waitingRetry.Count(page => _pages[page - 1]?.RetryAt > now);
        var inFlight = Outstanding - waiting;
        var pending = Total - Succeeded - Failed - Cancelled - Outstanding;
        return new PageCounts(Total, Succeeded, Failed, inFlight, waiting, pending, Cancelled);
    }

    /// <summary>Every page in page order; those not dispatched yet as <see cref="PageStatus.Pending"/>.</summary>
    public IEnumerable<PageRecord> All()
    {
        for (var page = 1; page <= Total; page++)
        {
            yield return _pages[page - 1] ?? new PageRecord { Page = page, Url = source.UrlOf(page), Status = PageStatus.Pending };
        }
    }
}
