using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A range without an end: pages are handed out ahead (within the window) until one comes back past the end (empty,
/// 404 or 410), which sets the end at the page before it; pages asked for past it are dropped.
/// </summary>
internal sealed class OpenRangePlan(SourceSpec source) : PageSetPlan(source)
{
    public override PageInspection? InspectionFor(int page) => new() { MayBePastEnd = true, StopWhenEmpty = Source.StopWhenEmpty };

    public override SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl) => PastEnd.EndFrom(findings, tally, "range");
}
