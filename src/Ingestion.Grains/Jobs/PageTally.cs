using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The live, in-memory record of a job's pages: one status byte per page, and a full record only for the pages that
/// need one (outstanding, failed, cancelled after an attempt). Stored pages are known from their blobs, their records
/// kept only up to a limit (<see cref="StoredRecords"/>); unchanged ones from the baseline's manifest, so memory stays
/// small however many pages a job has. A page reported twice counts once.
/// </summary>
/// <remarks>
/// The end may be unknown at first (an open range, a followed chain): pages are then dispatched as far as the job
/// allows, and the end is set once found. Pages past the end are forgotten, not counted.
/// </remarks>
internal sealed class PageTally
{
    private const int InitialCapacity = 1024;

    private readonly Dictionary<int, PageRecord> _records = [];
    private readonly Dictionary<string, int> _failureCauses = new(StringComparer.Ordinal);
    private readonly HashSet<int> _outstanding = [];
    private readonly HashSet<int> _waitingRetry = [];
    private byte[] _status;

    // How long each stored page's last attempt took (NaN: unknown), for the manifest: four bytes a page.
    private float[] _durations;
    private int _nextPage = 1;
    private int _highestKnown;

    /// <param name="end">The last page, when the source says how many there are.</param>
    /// <param name="cap">The most pages the job fetches (its maxPages).</param>
    /// <param name="storedRecordsKept">How many stored pages' records are kept in memory (none: they are read from their blobs).</param>
    public PageTally(int? end, int cap, int storedRecordsKept = 0)
    {
        Cap = cap;
        StoredRecords = new StoredPageRecords(storedRecordsKept);
        if (end is { } last)
        {
            End = Math.Min(last, cap);
        }

        _status = new byte[Math.Max(1, End ?? Math.Min(cap, InitialCapacity))];
        _durations = new float[_status.Length];
        Array.Fill(_durations, float.NaN);
    }

    public int Cap { get; }

    /// <summary>The records of the stored pages, as they were reported, while there are few enough to keep.</summary>
    public StoredPageRecords StoredRecords { get; }

    /// <summary>The last page, once known.</summary>
    public int? End { get; private set; }

    /// <summary>The number of pages: the end once known, until then the pages dispatched or ended so far.</summary>
    public int Total => End ?? _highestKnown;

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Pages that a conditional request found unchanged: ended, with their content in the baseline's blobs.</summary>
    public int Unchanged { get; private set; }

    /// <summary>Pages whose content the lake holds: stored by this job, or unchanged since its baseline.</summary>
    public int Landed => Succeeded + Unchanged;

    /// <summary>How many pages failed for each cause (<see cref="FailureCause"/>), most common first on request.</summary>
    public IReadOnlyDictionary<string, int> FailureCauses => _failureCauses;

    /// <summary>Every page that failed so far failed for the same cause.</summary>
    public bool FailuresAlike => _failureCauses.Count == 1;

    /// <summary>The first page that failed for good, as an example of what went wrong.</summary>
    public PageRecord? FirstFailure { get; private set; }

    public int Cancelled { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Pages dispatched and not yet ended, waiting retries included.</summary>
    public int Outstanding => _outstanding.Count;

    public bool AllEnded => End is { } end && Succeeded + Unchanged + Failed + Cancelled == end;

    /// <summary>Every page up to this one has been handed out at least once.</summary>
    public int DispatchedThrough => _nextPage - 1;

    /// <summary>The next page number to dispatch.</summary>
    public int NextPage => _nextPage;

    /// <summary>
    /// The next page to dispatch, no further than <paramref name="limit"/>, the end and the cap; null when there is none
    /// now. Pages that ended already (found stored after a restart) are passed over.
    /// </summary>
    public int? NextToDispatch(int limit)
    {
        var through = Math.Min(Math.Min(limit, Cap), End ?? int.MaxValue);
        while (_nextPage <= through && StatusOf(_nextPage) != PageStatus.Pending)
        {
            _nextPage++;
        }

        return _nextPage <= through ? _nextPage : null;
    }

    /// <summary>Marks a page handed out: it is outstanding until it ends, and dispatching goes on after it.</summary>
    public void MarkDispatched(PageRecord page)
    {
        MarkOutstanding(page);
        _nextPage = Math.Max(_nextPage, page.Page + 1);
    }

    /// <summary>
    /// After a restart: the pages up to <paramref name="dispatchedThrough"/> that have not ended. Each may still be at
    /// work somewhere (or waiting for a retry), so the job marks it outstanding again, to be handed out again and, on a
    /// stop, cancelled; dispatching goes on after them.
    /// </summary>
    public IEnumerable<int> UnendedThrough(int dispatchedThrough)
    {
        var through = Math.Min(Math.Min(dispatchedThrough, Cap), End ?? int.MaxValue);
        _nextPage = Math.Max(_nextPage, through + 1);
        for (var page = 1; page <= through; page++)
        {
            if (!IsEnded(page))
            {
                yield return page;
            }
        }
    }

    /// <summary>
    /// Starts handing out pages from the first again: those that have not ended (failed ones of an earlier run, which a
    /// retry does not count) are dispatched anew, in order, within the window; ended ones are passed over.
    /// </summary>
    public void RewindDispatch() => _nextPage = 1;

    /// <summary>Marks a page outstanding (dispatched, or at work since before a restart).</summary>
    public void MarkOutstanding(PageRecord page)
    {
        Track(page.Page, page with { Status = PageStatus.InFlight });
        _outstanding.Add(page.Page);
    }

    /// <summary>
    /// Sets the last page (the smaller of what is known, and never past the cap). Outstanding pages past it are no
    /// longer wanted: they are returned, for the job to cancel, and forgotten.
    /// </summary>
    public IReadOnlyList<int> SetEnd(int end)
    {
        var last = Math.Min(Math.Min(end, Cap), End ?? int.MaxValue);
        End = Math.Max(0, last);
        var beyond = _outstanding.Where(page => page > End).Order().ToList();
        foreach (var page in beyond)
        {
            Forget(page);
        }

        return beyond;
    }

    /// <summary>Drops a page that turned out not to exist (past the end): not counted, not listed.</summary>
    public void Forget(int page)
    {
        _outstanding.Remove(page);
        _waitingRetry.Remove(page);
        _records.Remove(page);
        if (page <= _status.Length && !IsEnded(page))
        {
            _status[page - 1] = (byte)PageStatus.Pending;
        }
    }

    /// <summary>The pages dispatched and not yet ended, in page order.</summary>
    public IReadOnlyList<PageRecord> OutstandingPages() => [.. _outstanding.Order().Select(page => _records[page])];

    public bool IsOutstanding(int page) => _outstanding.Contains(page);

    public bool IsEnded(int page) => StatusOf(page) is PageStatus.Succeeded or PageStatus.Unchanged or PageStatus.Failed or PageStatus.Cancelled;

    public PageStatus StatusOf(int page) =>
        page >= 1 && page <= _status.Length ? (PageStatus)_status[page - 1] : PageStatus.Pending;

    /// <summary>The full record kept for a page that is outstanding, failed, or cancelled after an attempt.</summary>
    public PageRecord? RecordOf(int page) => _records.GetValueOrDefault(page);

    /// <summary>How long a stored page's last attempt took, when this activation saw it end.</summary>
    public double? DurationOf(int page) =>
        page >= 1 && page <= _durations.Length && !float.IsNaN(_durations[page - 1]) ? Math.Round(_durations[page - 1], 1) : null;

    /// <summary>Records a retry under way; ignored for a page that has ended or is not wanted.</summary>
    public void RecordRetrying(PageRecord page)
    {
        if (IsEnded(page.Page) || page.Page > Cap || page.Page > End)
        {
            return;
        }

        // A page this activation did not dispatch (it was at work before a restart) is outstanding from now on.
        Track(page.Page, page);
        _outstanding.Add(page.Page);
        _waitingRetry.Add(page.Page);
    }

    /// <summary>Records a page's end; false if it had ended already, or is past the end or the cap.</summary>
    public bool RecordEnded(PageRecord page)
    {
        if (IsEnded(page.Page) || page.Page > Cap || page.Page > End || page.Page < 1)
        {
            return false;
        }

        // A page this activation never dispatched can end too: a report sent before a restart, or a page found
        // stored while resuming. It is then not dispatched again.
        _outstanding.Remove(page.Page);
        _waitingRetry.Remove(page.Page);
        switch (page.Status)
        {
            case PageStatus.Succeeded:
                Succeeded++;
                Bytes += page.Bytes ?? 0;
                _records.Remove(page.Page);
                StoredRecords.Keep(page);
                SetStatus(page.Page, PageStatus.Succeeded);
                _durations[page.Page - 1] = page.DurationMs is { } ms ? (float)ms : float.NaN;
                return true;
            case PageStatus.Unchanged:
                // Like a stored page, no record is kept: the manifest takes it from the baseline's.
                Unchanged++;
                _records.Remove(page.Page);
                SetStatus(page.Page, PageStatus.Unchanged);
                _durations[page.Page - 1] = page.DurationMs is { } unchangedMs ? (float)unchangedMs : float.NaN;
                return true;
            case PageStatus.Cancelled:
                Cancelled++;
                break;
            default:
                Failed++;
                var cause = FailureCause(page);
                _failureCauses[cause] = _failureCauses.GetValueOrDefault(cause) + 1;
                FirstFailure ??= page;
                break;
        }

        Track(page.Page, page);
        return true;
    }

    /// <summary>
    /// Ends every page that has not ended, up to the end (or, while it is unknown, the pages known so far), as
    /// <see cref="PageStatus.Cancelled"/>, keeping the last error of those that had one.
    /// </summary>
    public void CancelRemaining()
    {
        End ??= _highestKnown;
        for (var page = 1; page <= End; page++)
        {
            if (IsEnded(page))
            {
                continue;
            }

            _outstanding.Remove(page);
            _waitingRetry.Remove(page);
            Cancelled++;
            if (_records.TryGetValue(page, out var last))
            {
                Track(page, last with { Status = PageStatus.Cancelled, RetryAt = null });
            }
            else
            {
                SetStatus(page, PageStatus.Cancelled);
            }
        }
    }

    /// <summary>
    /// A failed page's cause in words, the same for failures alike: the HTTP status ("HTTP 404"; 401 and 403 together,
    /// as both say the credentials are refused), or the kind of failure ("connection refused").
    /// </summary>
    public static string FailureCause(PageRecord page) => (page.FailureKind, page.HttpStatus) switch
    {
        (_, 401 or 403) => "HTTP 401/403 (credentials refused)",
        (PageFailureKind.Http or null, { } status) => $"HTTP {status}",
        (PageFailureKind.ConnectionRefused, _) => "connection refused",
        (PageFailureKind.NameNotResolved, _) => "host name not found",
        (PageFailureKind.SecureConnection, _) => "TLS handshake failed",
        (PageFailureKind.Connection, _) => "connection failed",
        (PageFailureKind.Timeout, _) => "timed out",
        (PageFailureKind.TooLarge, _) => "response too large",
        (PageFailureKind.Refused, _) => "refused by the service's rules or robots.txt",
        (PageFailureKind.Storage, _) => "storage refused the page",
        (PageFailureKind.InvalidUrl, _) => "not a valid URL",
        _ => "other error",
    };

    public PageCounts Counts(DateTimeOffset now)
    {
        // A page whose retry is due is being fetched again.
        var waiting = _waitingRetry.Count(page => _records.GetValueOrDefault(page)?.RetryAt > now);
        var inFlight = Outstanding - waiting;
        var pending = Math.Max(0, Total - Succeeded - Unchanged - Failed - Cancelled - Outstanding);
        return new PageCounts(Total, Succeeded, Failed, inFlight, waiting, pending, Cancelled, TotalKnown: End is not null, Unchanged);
    }

    private void Track(int page, PageRecord record)
    {
        _records[page] = record;
        SetStatus(page, record.Status);
    }

    private void SetStatus(int page, PageStatus status)
    {
        if (page > _status.Length)
        {
            var size = Math.Min(Cap, Math.Max(page, _status.Length * 2));
            var grown = _durations.Length;
            Array.Resize(ref _status, size);
            Array.Resize(ref _durations, size);
            _durations.AsSpan(grown).Fill(float.NaN);
        }

        _status[page - 1] = (byte)status;
        _highestKnown = Math.Max(_highestKnown, page);
    }
}
