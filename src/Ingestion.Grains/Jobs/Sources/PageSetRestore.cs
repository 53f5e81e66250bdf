using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// Restores a source whose pages are independent (ranges and lists): every stored page has ended, every journaled
/// failure too, and the rest up to the dispatch mark were at work. A retry hands them out again from the first instead.
/// </summary>
/// <param name="rediscover">The first page states the total, which was not saved: it is fetched again to read it.</param>
internal sealed class PageSetRestore(PageTally tally, IReadOnlyList<PageRecord> failed, bool rediscover, bool retrying) : ISourceRestore
{
    public bool AddStored(PageRecord stored)
    {
        if (!(rediscover && stored.Page == 1))
        {
            tally.RecordEnded(stored);
        }

        return true;
    }

    public IReadOnlyList<int> Complete(int dispatchedThrough)
    {
        foreach (var page in failed)
        {
            tally.RecordEnded(page);
        }

        if (retrying)
        {
            tally.RewindDispatch();
            return [];
        }

        return [.. tally.UnendedThrough(Math.Max(dispatchedThrough, rediscover ? 1 : 0))];
    }
}
