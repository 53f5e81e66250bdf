using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// One job's run, without Orleans and without I/O: its saved state, its tally of pages, its source plan and its
/// lifecycle (<see cref="Phase"/>). It takes the events of the job (a page handed out, a response's findings, a page's
/// end, a cancel, a checkpoint, a restore, a retry) and answers what to do (hand out these pages, cancel those, save,
/// write the manifest, end); the job grain does the I/O.
/// </summary>
/// <param name="storedRecordsKept">
/// How many stored pages' records the tally keeps in memory, for a manifest and listing written without listing the
/// job's blobs (none: they are always listed).
/// </param>
internal sealed class JobRun(Guid jobId, JobState state, int failFastPages, int storedRecordsKept = 0)
{
    private readonly List<PageRecord> _unjournaled = [];
    private HostPacing? _pacing = HostPacing.For(state.Spec!.Politeness);
    private int _resumeDispatches;
    private bool _dirty;

    public JobState State { get; } = state;

    public JobSpec Spec => State.Spec ?? throw new InvalidOperationException("The job has no spec.");

    /// <summary>Where the job writes: its prefix expanded (jobs saved before prefixes had placeholders kept the spec's).</summary>
    public DestinationSpec Destination => State.Destination ?? Spec.Destination;

    public PageTally Tally { get; private set; } = new(state.KnownEnd, state.Spec!.MaxPages, storedRecordsKept);

    public ISourcePlan Plan { get; private set; } = SourcePlans.For(state.Spec!.Source);

    /// <summary>The W3C id of the job's start span, which pages handed out later link to.</summary>
    public string? TraceParent { get; set; }

    public JobPhase Phase => State switch
    {
        { CompletedAt: not null } => JobPhase.Ended,
        { Status: not JobStatus.Running } => JobPhase.Stopping,
        _ when IsFinishing => JobPhase.Finishing,
        _ => JobPhase.Running,
    };

    /// <summary>Taking pages' reports: running, not yet finishing.</summary>
    public bool TakesPages => Phase == JobPhase.Running;

    /// <summary>May hand out pages: taking them, and the previous jobs' blobs under the prefix are gone.</summary>
    public bool MayDispatch => TakesPages && !State.Clearing;

    private bool IsFinishing { get; set; }

    /// <summary>
    /// Starts rebuilding the tally from storage (after a restart, or for a retry of the failed pages): feed it the stored
    /// pages, then hand <see cref="Restored"/> the records of the pages it says were at work.
    /// </summary>
    public ISourceRestore BeginRestore(IReadOnlyList<PageRecord> failed, bool retrying)
    {
        Tally = new PageTally(State.KnownEnd, Spec.MaxPages, storedRecordsKept);
        Plan = SourcePlans.For(Spec.Source);
        IsFinishing = false;
        _pacing = HostPacing.For(Spec.Politeness);
        _unjournaled.Clear();
        return Plan.Restore(State, Tally, failed, retrying);
    }

    /// <summary>The URL of a page that was at work before a restart, when the plan knows it (else read the URL list).</summary>
    public string? RestoredUrl(int page) => Plan.TakeUrl(page);

    /// <summary>
    /// Ends a restore: the pages that were at work are outstanding again, and the first to be handed out first read any
    /// retry they saved before the restart.
    /// </summary>
    public void Restored(IEnumerable<PageRecord> atWork)
    {
        foreach (var page in atWork)
        {
            var record = page with { Status = PageStatus.InFlight, ReachedFrom = Plan.ReachedFrom(page.Page) };
            Tally.MarkDispatched(record);
            FailIfUnfetchable(record);
        }

        _resumeDispatches = Spec.Concurrency;
        CopyTally();
    }

    /// <summary>The next page to hand out now, or null when none may be (the window is full, or the source says wait).</summary>
    public int? NextPage() =>
        MayDispatch && Tally.Outstanding < Spec.Concurrency ? Tally.NextToDispatch(Plan.DispatchLimit(Tally)) : null;

    /// <summary>
    /// Whether <paramref name="page"/>'s request may be made conditional on the baseline's record of it: the job has a
    /// baseline, its pages are independent of one another (a range or a list), and the job reads nothing from this
    /// page's response that a 304 would not tell (an emptiness check is answered by the baseline having stored it).
    /// </summary>
    public bool MayRevalidate(int page) =>
        Spec.Run?.Baseline is not null
        && Plan is PageSetPlan
        && Plan.InspectionFor(page) is null or { Next: null, Total: null };

    /// <summary>
    /// Hands out <paramref name="page"/>, whose URL is <paramref name="url"/>: the request for its fetch grain, or null
    /// when the URL cannot be fetched and the page failed at once. <paramref name="previous"/>, the baseline's record of
    /// it, makes the request conditional.
    /// </summary>
    public PageFetchRequest? Dispatch(int page, string url, PageRecord? previous, DateTimeOffset now)
    {
        var record = new PageRecord { Page = page, Url = url, Status = PageStatus.InFlight, ReachedFrom = Plan.ReachedFrom(page) };
        Tally.MarkDispatched(record);
        if (FailIfUnfetchable(record))
        {
            return null;
        }

        var resume = _resumeDispatches > 0;
        _resumeDispatches = Math.Max(0, _resumeDispatches - 1);
        return RequestFor(record, resume, now, previous);
    }

    /// <summary>The outstanding pages to hand out again (the watchdog's, or after a restart) but those waiting for a retry not yet due.</summary>
    public IReadOnlyList<PageFetchRequest> Resend(DateTimeOffset now) =>
        [.. Tally.OutstandingPages().Where(page => page.RetryAt is null || page.RetryAt <= now).Select(page => RequestFor(page, resume: true, now))];

    public bool IsPageWanted(int page) => MayDispatch && !Tally.IsEnded(page) && page <= (Tally.End ?? Tally.Cap);

    public void PageRetrying(PageRecord page)
    {
        if (TakesPages)
        {
            Tally.RecordRetrying(page);
        }
    }

    /// <summary>What a response told (before its page is stored): an end found cancels the pages handed out past it.</summary>
    public PageEndOutcome Findings(PageFindings findings)
    {
        if (!TakesPages)
        {
            return PageEndOutcome.Nothing;
        }

        var pageUrl = Tally.RecordOf(findings.Page)?.Url ?? "";
        return Plan.EndFrom(findings, Tally, pageUrl) is { } end
            ? PageEndOutcome.Nothing with { CancelBeyond = SetEnd(end), EndFound = true }
            : PageEndOutcome.Nothing;
    }

    /// <summary>A page has ended: stored, failed for good, or past the end of the source.</summary>
    public PageEndOutcome PageEnded(PageRecord page, PageFindings? findings)
    {
        if (!TakesPages)
        {
            return PageEndOutcome.Nothing;
        }

        var outcome = findings is null ? PageEndOutcome.Nothing : Findings(findings);

        // The page reporting is no longer out: it need not be cancelled, only dropped if it is past the end.
        outcome = outcome with { CancelBeyond = [.. outcome.CancelBeyond.Where(beyond => beyond != page.Page)] };
        if (page.Status == PageStatus.Failed && Plan.EndAtFailure(page.Page, Tally) is { } broken)
        {
            outcome = outcome with { CancelBeyond = [.. outcome.CancelBeyond, .. SetEnd(broken)], EndFound = true };
        }

        if (page.Status == PageStatus.PastEnd || page.Page > (Tally.End ?? Tally.Cap))
        {
            // Past the end of the source: not a page of the job.
            Tally.Forget(page.Page);
            return outcome with { Discard = page };
        }

        if (!Tally.RecordEnded(page))
        {
            return outcome;
        }

        _dirty = true;
        if (page.Status == PageStatus.Unchanged)
        {
            // No blob of this job records it: the journal does, in the fewest words (the baseline holds the rest).
            _unjournaled.Add(new PageRecord { Page = page.Page, Url = "", Status = PageStatus.Unchanged, HttpStatus = page.HttpStatus });
        }

        if (page.Status != PageStatus.Failed)
        {
            return outcome with { Counted = true };
        }

        _unjournaled.Add(page);
        return outcome with { Counted = true, Stop = JobVerdict.ShouldStop(Tally, Spec.Failure, failFastPages) };
    }

    /// <summary>An open source that handed out maxPages pages, all ended, without finding its end stops there, truncated: true when it just did (save the end).</summary>
    public bool EndAtCap()
    {
        if (!MayDispatch || Tally.End is not null || Tally.NextPage <= Tally.Cap || Tally.Outstanding > 0)
        {
            return false;
        }

        SetEnd(new SourceEnd(Tally.Cap, $"maxPages ({Tally.Cap}) reached before the source's end was found.", Truncated: true, Found: true));
        return true;
    }

    /// <summary>When every page has ended: the job's status, and it is finishing from now on. Null while pages are still out.</summary>
    public JobStatus? Finish()
    {
        if (!MayDispatch || !Tally.AllEnded)
        {
            return null;
        }

        var (status, cause) = JobVerdict.OfEnded(Tally, Spec.Source);
        State.StopCause = cause;
        IsFinishing = true;
        return status;
    }

    /// <summary>Finishing failed (storage is down): the job is running again, to be finished by a later checkpoint.</summary>
    public void FinishFailed() => IsFinishing = false;

    /// <summary>Decides to stop the job early; the error says why, from the counts so far.</summary>
    public string? Stop(JobStopCause cause)
    {
        State.StopCause = cause;
        return JobVerdict.Describe(cause, Tally, Spec.Failure, State.EndReason);
    }

    /// <summary>
    /// The pages a stopping job cancelled have answered (with their records when they were stored or failed first);
    /// the rest end cancelled.
    /// </summary>
    public void Cancelled(IEnumerable<PageRecord?> answers)
    {
        foreach (var answer in answers.OfType<PageRecord>())
        {
            Tally.RecordEnded(answer);
        }

        Tally.CancelRemaining();
    }

    /// <summary>The job's final error, written from the final counts so that the two agree.</summary>
    public string? FinalError() => JobVerdict.Describe(State.StopCause, Tally, Spec.Failure, State.EndReason) ?? State.Error;

    /// <summary>
    /// The pages that ended without a blob of their own (failed, unchanged), to journal before the state that counts
    /// them is saved.
    /// </summary>
    public IReadOnlyList<PageRecord> Unjournaled => _unjournaled;

    public void Journaled(int count) => _unjournaled.RemoveRange(0, count);

    /// <summary>Whether the saved state is behind the tally.</summary>
    public bool NeedsSave => _dirty || State.DispatchedThrough != Tally.DispatchedThrough || State.KnownEnd != Tally.End;

    /// <summary>Copies the tally into the state to save; <see cref="Saved"/> once it is.</summary>
    public void CopyTally()
    {
        State.Succeeded = Tally.Succeeded;
        State.Unchanged = Tally.Unchanged;
        State.Failed = Tally.Failed;
        State.Bytes = Tally.Bytes;
        State.DispatchedThrough = Tally.DispatchedThrough;
        State.KnownEnd = Tally.End ?? State.KnownEnd;
    }

    public void Saved() => _dirty = false;

    /// <summary>The manifest of the job ending now, but for its page list (streamed in by the writer).</summary>
    public Manifest ManifestOf(JobStatus status, DateTimeOffset completedAt) => new()
    {
        JobId = jobId,
        Name = Spec.Name,
        Status = status,
        Error = State.Error,
        Source = ManifestSource.From(Spec.Source, Tally.Total),
        Destination = Destination,
        CreatedAt = State.CreatedAt,
        CompletedAt = completedAt,
        Counts = new ManifestCounts(Tally.Total, Tally.Succeeded, Tally.Failed, Tally.Bytes, Tally.Cancelled, Tally.Unchanged),
        Run = Spec.Run,
        WatermarkTo = State.WatermarkTo,
        EndReason = State.EndReason,
        Truncated = State.Truncated,
    };

    /// <summary>Why an ended job cannot fetch its failed pages again, or null when it can.</summary>
    public RetryOutcome? WhyNoRetry() => State switch
    {
        { SupersededBy: not null } => RetryOutcome.Superseded,
        { Status: JobStatus.Running } => RetryOutcome.StillRunning,
        { Status: JobStatus.Cancelled } => RetryOutcome.WasCancelled,
        { Status: JobStatus.Completed } => RetryOutcome.NothingFailed,
        { Spec.Records.KeepPages: false } => RetryOutcome.PagesNotKept,
        _ => null,
    };

    /// <summary>
    /// Sets the job running again over the pages it did not store: a new round (its own journal), no error, and an end
    /// that a failure or the stop left is looked for again. Then restore it with <c>retrying</c>.
    /// </summary>
    public void BeginRetry()
    {
        var job = State;
        job.Round++;
        (job.Status, job.CompletedAt, job.Error, job.StopCause) = (JobStatus.Running, null, null, JobStopCause.None);
        if (!job.EndFound)
        {
            (job.KnownEnd, job.EndReason, job.Truncated) = (null, null, false);
        }
    }

    /// <summary>The name of a page's blob, but for the extension its response's Content-Type gives.</summary>
    public string StemOf(int page) => PageRecords.PageBlobNames.Stem(Destination, page, Spec.Source.KnownPageCount ?? Spec.MaxPages);

    /// <summary>A line of a URL list that is no URL fails its page for good, without a request.</summary>
    private bool FailIfUnfetchable(PageRecord record)
    {
        if (Plan.ProblemWithUrl(record.Url) is not { } problem)
        {
            return false;
        }

        var failed = record with { Status = PageStatus.Failed, FailureKind = PageFailureKind.InvalidUrl, Error = problem };
        Tally.RecordEnded(failed);
        _unjournaled.Add(failed);
        _dirty = true;
        return true;
    }

    private IReadOnlyList<int> SetEnd(SourceEnd end)
    {
        var beyond = Tally.SetEnd(end.LastPage);
        State.EndReason = end.Reason;
        State.Truncated = end.Truncated;
        State.KnownEnd = Tally.End;
        State.EndFound = end.Found;
        _dirty = true;
        return beyond;
    }

    private PageFetchRequest RequestFor(PageRecord page, bool resume, DateTimeOffset now, PageRecord? previous = null)
    {
        var spec = Spec;
        return new PageFetchRequest
        {
            JobId = jobId,
            Page = page.Page,
            Url = page.Url,
            ReachedFrom = page.ReachedFrom,
            Inspect = Plan.InspectionFor(page.Page),
            RespectRobotsTxt = spec.Politeness.RespectRobotsTxt,
            Headers = spec.Headers,
            RequestTimeout = spec.RequestTimeout,
            Retry = spec.Retry,
            Container = Destination.Container,
            BlobNameStem = StemOf(page.Page),
            Resume = resume,
            JobTraceParent = TraceParent,
            NotBefore = _pacing?.NotBefore(page.Url, now),
            FetchedBefore = State.Round > 0,
            WatermarkHeader = spec.Run?.WatermarkHeader,
            OfferBody = spec.Records is not null,
            Previous = previous,
        };
    }
}
