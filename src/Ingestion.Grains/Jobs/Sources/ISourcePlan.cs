using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// How one kind of source behaves in a job: which pages may be handed out now, where each one is, what to read from its
/// response, what a response or a failure tells about where the source ends, and how a restarted job finds its place.
/// One class per kind (<see cref="SourcePlans.For"/> picks it); nothing else in the job tells the kinds apart.
/// </summary>
internal interface ISourcePlan
{
    /// <summary>The highest page that may be handed out now; the tally also holds to the end and to maxPages.</summary>
    int DispatchLimit(PageTally tally);

    /// <summary>The URL of a page being handed out, or null when it must be read from the job's URL list.</summary>
    string? TakeUrl(int page);

    /// <summary>The URL the source gives a page without fetching or reading anything (a range's, an inline list's), or null.</summary>
    string? KnownUrl(int page);

    /// <summary>Whether the pages' URLs are read from a URL list kept in a blob.</summary>
    bool ReadsUrlList => false;

    /// <summary>Why a URL read from the job's URL list cannot be fetched, or null when it can (or the source has no list).</summary>
    string? ProblemWithUrl(string url) => null;

    /// <summary>The page whose response named this one, for a chain; recorded with the page.</summary>
    int? ReachedFrom(int page) => null;

    /// <summary>What the page's fetch must read from its response for the job, if anything.</summary>
    PageInspection? InspectionFor(int page);

    /// <summary>Where the source ends, when a page's response says so; null when it says nothing new.</summary>
    SourceEnd? EndFrom(PageFindings findings, PageTally tally, string pageUrl);

    /// <summary>Where the source ends, when a page failing for good means it cannot go on past it.</summary>
    SourceEnd? EndAtFailure(int page, PageTally tally) => null;

    /// <summary>Begins rebuilding a restarted job's tally from what storage holds.</summary>
    ISourceRestore Restore(JobState job, PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying);
}
