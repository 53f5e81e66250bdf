using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A range without an end: pages are handed out ahead (within the window) until one comes back past the end (empty,
/// 404 or 410), which sets the end at the page before it; pages asked for past it are dropped.
/// </summary>
internal sealed class OpenRangePlan(SourceSpec source) : ISourcePlan
{
    public int DispatchLimit(PageTally tally) => int.MaxValue;

    public string? TakeUrl(int page) => source.UrlOf(page);

    public PageInspection? InspectionFor(int page) => new() { MayBePastEnd = true, StopWhenEmpty = source.StopWhenEmpty };

    public SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl) => PastEnd.EndFrom(findings, tally, "range");

    public ISourceRestore Restore(JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying) =>
        new PageSetRestore(tally, failed, rediscover: false, retrying);
}
