using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A chain of pages, each naming the next: only the page whose URL is known may be handed out, each response moves the
/// chain on (or ends it), and a page that fails for good breaks it there.
/// </summary>
internal sealed class FollowPlan(SourceSpec source) : ISourcePlan
{
    public FollowChain Chain { get; internal set; } = new(1, source.Url!);

    public int DispatchLimit(PageTally tally) => Chain.Frontier;

    public string? TakeUrl(int page) => Chain.TakeUrl(page);

    /// <summary>A chain's URLs are learned as it goes: each stored page's is in its blob's metadata.</summary>
    public string? KnownUrl(int page) => null;

    public int? ReachedFrom(int page) => page > 1 ? page - 1 : null;

    /// <summary>The first page may already be past the end (an empty source); later ones only by stopWhenEmpty.</summary>
    public PageInspection? InspectionFor(int page) => new()
    {
        Next = source.Next,
        MayBePastEnd = page == 1 || source.StopWhenEmpty is not null,
        StopWhenEmpty = source.StopWhenEmpty,
    };

    public SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl)
    {
        if (findings.PastEnd)
        {
            return PastEnd.EndFrom(findings, tally, "chain");
        }

        if (Chain.Advance(findings, pageUrl, tally.Cap) is not { } reason)
        {
            return null;
        }

        var truncated = findings.NextUrl is not null && findings.Page >= tally.Cap;
        return new SourceEnd(findings.Page, reason, truncated, Found: true);
    }

    public SourceEnd? EndAtFailure(int page, PageTally tally) =>
        Chain.Frontier == page && tally.End is null
            ? new SourceEnd(page, $"Page {page} failed, so the pages after it could not be reached.", Truncated: false, Found: false)
            : null;

    public ISourceRestore Restore(JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying) =>
        new ChainRestore(this, source, job, tally, failed, retrying);
}
