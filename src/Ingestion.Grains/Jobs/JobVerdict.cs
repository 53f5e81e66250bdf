using System.Globalization;
using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Decides how a job ends: whether its failures so far should stop it, what its status is once every page has ended,
/// and what its error says. The error is written from the final counts, so it always agrees with them.
/// </summary>
internal static class JobVerdict
{
    /// <summary>Whether the failures so far stop the job now, and why; null to go on.</summary>
    /// <param name="failFastPages">How many first pages failing alike stop a job (<see cref="JobOptions.FailFastPages"/>).</param>
    public static JobStopCause? ShouldStop(PageTally tally, FailureSpec failure, int failFastPages)
    {
        if (failure.FailedPagesLimit(tally.Total) is { } limit && tally.Failed > limit)
        {
            return JobStopCause.FailureBudget;
        }

        var probe = Math.Min(failFastPages, tally.Total);
        if (failure.FailFast && tally.Landed == 0 && tally.Failed >= Math.Max(1, probe) && tally.FailuresAlike)
        {
            return JobStopCause.FailFast;
        }

        return null;
    }

    /// <summary>The status of a job all of whose pages have ended, and why it failed if it did.</summary>
    public static (JobStatus Status, JobStopCause Cause) OfEnded(PageTally tally, SourceSpec source) => tally switch
    {
        { Total: 0 } => source.AllowEmpty ? (JobStatus.Completed, JobStopCause.None) : (JobStatus.Failed, JobStopCause.EmptySource),
        { Landed: 0, Failed: > 0 } => (JobStatus.Failed, JobStopCause.NothingStored),
        { Failed: > 0 } => (JobStatus.CompletedWithErrors, JobStopCause.None),
        _ => (JobStatus.Completed, JobStopCause.None),
    };

    /// <summary>The job's error for <paramref name="cause"/>, from the counts as they stand.</summary>
    public static string? Describe(JobStopCause cause, PageTally tally, FailureSpec failure, string? endReason)
    {
        var notFetched = tally.Cancelled > 0 ? $" The job stopped before fetching the other {Pages(tally.Cancelled)}." : "";
        return cause switch
        {
            JobStopCause.FailureBudget =>
                $"{Pages(tally.Failed)} failed, more than the job's limit of {Limit(failure, tally)}.{notFetched}",
            JobStopCause.FailFast =>
                $"The first {Pages(tally.Failed)} to end all failed for good with the same cause ({Causes(tally)}{Example(tally)}): "
                + $"the URL, the host or the credentials are probably wrong.{notFetched} Set failure.failFast to false to fetch every page all the same.",
            JobStopCause.NothingStored =>
                $"No page was stored: {(tally.Failed == 1 ? "the only page" : $"all {Pages(tally.Failed)}")} failed ({Causes(tally)}{Example(tally)}).",
            JobStopCause.EmptySource =>
                $"The source is empty{(endReason is null ? "." : $": {endReason}")} An empty source is far more often a wrong URL than an "
                + "empty API; set source.allowEmpty to true if it is expected.",
            _ => null,
        };
    }

    private static string Limit(FailureSpec failure, PageTally tally) =>
        (failure.FailedPagesLimit(tally.Total) ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>The causes of the failures, most common first, with their counts when there is more than one.</summary>
    private static string Causes(PageTally tally) =>
        tally.FailureCauses.Count == 1
            ? tally.FailureCauses.Keys.First()
            : string.Join(", ", tally.FailureCauses
                .OrderByDescending(cause => cause.Value)
                .ThenBy(cause => cause.Key, StringComparer.Ordinal)
                .Take(3)
                .Select(cause => $"{cause.Key} ×{cause.Value}"));

    private static string Example(PageTally tally) =>
        tally.FirstFailure is { } first ? $"; page {first.Page}, {first.Url}: {first.Error}" : "";

    private static string Pages(int count) => count == 1 ? "1 page" : $"{count} pages";
}
