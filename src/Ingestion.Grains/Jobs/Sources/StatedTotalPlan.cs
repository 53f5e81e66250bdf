using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A range whose first page states how many there are (a count of pages or of items, or its last link): page 1 is
/// fetched alone, then the rest at once.
/// </summary>
internal sealed class StatedTotalPlan(SourceSpec source) : PageSetPlan(source)
{
    private readonly TotalSpec _total = source.Total!;

    /// <summary>Nothing but page 1 until the total is known.</summary>
    public override int DispatchLimit(PageTally tally) => tally.End is null ? 1 : int.MaxValue;

    public override PageInspection? InspectionFor(int page) => page == 1 ? new PageInspection { Total = _total } : null;

    public override SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl)
    {
        if (findings.Page != 1 || tally.End is not null)
        {
            return null;
        }

        if (StatedPages(findings) is not { } pages)
        {
            return new SourceEnd(1, $"Page 1 did not state the total, so only it was fetched: {findings.Problem ?? "no total found"}", Truncated: false, Found: false);
        }

        var truncated = pages > tally.Cap;
        var reason = truncated
            ? $"The source states {pages} pages; maxPages ({tally.Cap}) stops the job there."
            : $"Page 1 states {pages} {(pages == 1 ? "page" : "pages")}.";

        // A total of 0: page 1 is no page of the job (an empty Source), and is dropped when it reports.
        return new SourceEnd((int)Math.Min(pages, tally.Cap), reason, truncated, Found: true);
    }

    public override SourceEnd? EndAtFailure(int page, PageTally tally) =>
        page == 1 && tally.End is null ? new SourceEnd(1, "Page 1 failed, so the total is not known.", Truncated: false, Found: false) : null;

    /// <summary>A restarted job that had not saved the total fetches page 1 again to read it.</summary>
    protected override bool RediscoversFirstPage(JobState job) => job.KnownEnd is null;

    /// <summary>The number of pages a first page states, from a count of pages or of items, or from its last link.</summary>
    private long? StatedPages(PageFindings findings)
    {
        if (_total.LinkLast)
        {
            return findings.LastUrl is { } last && PageNumbers.FromUrl(Source, last) is { } lastPage
                ? lastPage - Source.Pages!.From + 1
                : null;
        }

        return findings.Total switch
        {
            null => null,
            { } count when _total.Counts == TotalCounts.Items => (count + Source.PageSize!.Value - 1) / Source.PageSize.Value,
            { } count => count,
        };
    }
}
