using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>The end of a source whose end is found by fetching: the page before the first one past it.</summary>
internal static class PastEnd
{
    /// <param name="what">"range" or "chain", for the reason.</param>
    public static SourceEnd? EndFrom(PageFindings findings, PageTally tally, string what)
    {
        if (!findings.PastEnd || findings.Page - 1 >= (tally.End ?? int.MaxValue))
        {
            return null;
        }

        var because = findings.PastEndBecause ?? "empty, or not found";
        var reason = findings.Page == 1
            ? $"Page 1 is already past the end ({because})."
            : $"Page {findings.Page} is past the end ({because}): the {what} ends at page {findings.Page - 1}.";
        return new SourceEnd(findings.Page - 1, reason, Truncated: false, Found: true);
    }
}
