using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// Restores a followed chain: it goes on after the last page of its unbroken stored (or failed) run from page 1. That
/// page is fetched again, to learn its next link; pages stored past a gap are fetched again as the chain reaches them.
/// </summary>
internal sealed class ChainRestore(
    FollowPlan plan, SourceSpec source, JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying) : ISourceRestore
{
    private readonly Dictionary<int, PageRecord> _failedByPage = failed.ToDictionary(page => page.Page);
    private readonly List<PageRecord> _run = [];

    public bool AddStored(PageRecord stored)
    {
        TakeFailuresInRun();
        if (stored.Page <= _run.Count)
        {
            // The same page under a second name (stored before a page kept to one name): the run goes on.
            return true;
        }

        if (stored.Page != _run.Count + 1)
        {
            return false;
        }

        _run.Add(stored);
        return true;
    }

    public IReadOnlyList<int> Complete(int dispatchedThrough)
    {
        TakeFailuresInRun();
        var chainEnded = job.KnownEnd is { } end && _run.Count >= end;
        var last = _run.LastOrDefault();
        var resumeFrom = last is null || chainEnded || last.Status == PageStatus.Failed || last.Url.Length == 0 ? null : last;
        foreach (var page in _run.Where(page => page != resumeFrom))
        {
            tally.RecordEnded(page);
        }

        if (resumeFrom is not null)
        {
            plan.Chain = new FollowChain(resumeFrom.Page, resumeFrom.Url);
        }
        else if (last is null)
        {
            plan.Chain = new FollowChain(1, source.Url!);
        }
        else
        {
            // Ended (or broken at a failed page) before the restart: nothing more to hand out.
            plan.Chain = new FollowChain(_run.Count + 1, "");
            tally.SetEnd(_run.Count);
        }

        foreach (var page in _run)
        {
            plan.Chain.MarkVisited(page.Url);
        }

        // Resuming, the page the chain goes on from was at work: it is outstanding, to be handed out again. A retry
        // hands it out as the first page of its run instead.
        return !retrying && tally.End is null && tally.NextToDispatch(plan.Chain.Frontier) is { } next ? [next] : [];
    }

    private void TakeFailuresInRun()
    {
        while (_failedByPage.Remove(_run.Count + 1, out var failure))
        {
            _run.Add(failure);
        }
    }
}
