using Ingestion.Pages;

namespace Ingestion.Grains.Jobs;

/// <summary>What a page's end means for its job, for the job grain to act on.</summary>
/// <param name="Counted">The page counts: a new end of one of the job's pages.</param>
/// <param name="Discard">The page is past the end of the source: not the job's, and its blob (if any) must go.</param>
/// <param name="CancelBeyond">Pages handed out past an end just found, to cancel and forget.</param>
/// <param name="EndFound">The source's end changed: the job's state is saved at once.</param>
/// <param name="Stop">The failures so far stop the job, and why.</param>
internal sealed record PageEndOutcome(
    bool Counted,
    PageRecord? Discard,
    IReadOnlyList<int> CancelBeyond,
    bool EndFound,
    JobStopCause? Stop)
{
    public static readonly PageEndOutcome Nothing = new(false, null, [], false, null);
}
