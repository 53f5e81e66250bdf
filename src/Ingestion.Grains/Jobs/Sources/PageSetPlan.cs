using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A source whose pages are independent of one another (a range or a list): any page may be handed out without waiting
/// for another's response, and a restarted job finds its place from the pages stored and the failures journaled.
/// Each kind overrides only what sets it apart.
/// </summary>
internal abstract class PageSetPlan(SourceSpec source) : ISourcePlan
{
    protected SourceSpec Source => source;

    public virtual int DispatchLimit(PageTally tally) => int.MaxValue;

    public virtual string? TakeUrl(int page) => source.UrlOf(page);

    public string? KnownUrl(int page) => TakeUrl(page);

    public virtual bool ReadsUrlList => false;

    public virtual string? ProblemWithUrl(string url) => null;

    public int? ReachedFrom(int page) => null;

    public virtual PageInspection? InspectionFor(int page) => null;

    public virtual SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl) => null;

    public virtual SourceEnd? EndAtFailure(int page, PageTally tally) => null;

    public ISourceRestore Restore(JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying) =>
        new PageSetRestore(tally, failed, RediscoversFirstPage(job), retrying);

    /// <summary>Whether a restarted job fetches page 1 again, to read what the job did not save of it.</summary>
    protected virtual bool RediscoversFirstPage(JobState job) => false;
}
