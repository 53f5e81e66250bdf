using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The live, in-memory record of a running job's pages: which are dispatched, waiting for a retry or ended.
/// A page reported twice counts once.
/// </summary>
internal sealed class PageTally(SourceSpec source)
{
    private readonly PageRecord?[] _pages = new PageRecord?[source.PageCount];
    private readonly HashSet<int> _waitingRetry = [];
    private int _nextPage = 1;

    public int Total => _pages.Length;

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Pages dispatched and not yet ended, waiting retries included.</summary>
    public int Outstanding { get; private set; }

    public bool AllEnded => Succeeded + Failed == Total;

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
                Outstanding++;
                return record;
            }
        }

        return null;
    }

    /// <summary>Records a retry under way; ignored for a page that has ended.</summary>
    public void RecordRetrying(PageRecord page)
    {
        if (IsEnded(page.Page))
        {
            return;
        }

        _pages[page.Page - 1] = page;
        _waitingRetry.Add(page.Page);
    }

    /// <summary>Records a page's end; false if it had ended already.</summary>
    public bool RecordEnded(PageRecord page)
    {
        var current = _pages[page.Page - 1];
        if (IsEnded(page.Page))
        {
            return false;
        }

        // A report for a page this activation never dispatched (it was sent before a restart) still counts,
        // and the page is then not dispatched again.
        if (current is not null)
        {
            Outstanding--;
        }

        _waitingRetry.Remove(page.Page);
        _pages[page.Page - 1] = page;
        if (page.Status == PageStatus.Succeeded)
        {
            Succeeded++;
            Bytes += page.Bytes ?? 0;
        }
        else
        {
            Failed++;
        }

        return true;
    }

    public PageCounts Counts(DateTimeOffset now)
    {
        // A page whose retry is due is being fetched again.
        var waiting = _waitingRetry.Count(page => _pages[page - 1]?.RetryAt > now);
        var inFlight = Outstanding - waiting;
        return new PageCounts(Total, Succeeded, Failed, inFlight, waiting, Total - Succeeded - Failed - Outstanding);
    }

    /// <summary>Every page in page order; those not dispatched yet as <see cref="PageStatus.Pending"/>.</summary>
    public IEnumerable<PageRecord> All()
    {
        for (var page = 1; page <= Total; page++)
        {
            yield return _pages[page - 1] ?? new PageRecord { Page = page, Url = source.UrlOf(page), Status = PageStatus.Pending };
        }
    }

    private bool IsEnded(int page) => _pages[page - 1]?.Status is PageStatus.Succeeded or PageStatus.Failed;
}
