using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A source whose every page the spec names: a range with both ends, or a list of URLs given inline. All pages may be
/// handed out at once (within the window), and no response says anything about the rest.
/// </summary>
internal sealed class KnownPagesPlan(SourceSpec source) : ISourcePlan
{
    public int DispatchLimit(PageTally tally) => int.MaxValue;

    public string? TakeUrl(int page) => source.UrlOf(page);

    public PageInspection? InspectionFor(int page) => null;

    public SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl) => null;

    public ISourceRestore Restore(JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying) =>
        new PageSetRestore(tally, failed, rediscover: false, retrying);
}
