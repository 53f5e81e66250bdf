using System.Globalization;
using Ingestion.Cli.Api;

namespace Ingestion.Cli.Rendering;

/// <summary>One line of plain text that says how a job stands, for output that is not a terminal.</summary>
public static class ProgressLine
{
    /// <summary>
    /// e.g. <c>Running: 25/50 ended (24 succeeded, 1 failed, 0 cancelled), 3 in flight, 0 waiting retry, 22 pending; 12.5 pages/s; ETA 2s</c>,
    /// or, while the source's end is not found, <c>Running: 74 ended of 80 pages so far, total not known yet (...</c>;
    /// for a job with records, then e.g. <c>; records: 10,000 rows, 4 files committed; 850 rows/s</c>.
    /// </summary>
    public static string Describe(JobView job)
    {
        var pages = job.Pages;
        var ended = pages.TotalKnown
            ? string.Create(CultureInfo.InvariantCulture, $"{pages.Ended}/{pages.Total} ended")
            : string.Create(CultureInfo.InvariantCulture, $"{pages.Ended} ended of {Plural.Count(pages.Total, "page")} so far, total not known yet");
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{job.Status}: {ended} ({pages.Succeeded} succeeded, {Unchanged(pages)}{pages.Failed} failed, {pages.Cancelled} cancelled)");
        if (!job.IsFinished)
        {
            line += string.Create(
                CultureInfo.InvariantCulture,
                $", {pages.InFlight} in flight, {pages.WaitingRetry} waiting retry, {pages.Pending} pending; {Formats.PagesPerSecond(job.Progress)} pages/s; ETA {Formats.Eta(job.Progress)}");
        }

        if (job.Records is not null)
        {
            line += $"; records: {RecordsText.Written(job)}" + (RecordsText.Rate(job) is { } rate ? $"; {rate}" : "");
        }

        return line;
    }

    /// <summary>Only a pipeline's run that revalidates pages has unchanged ones; other jobs' lines do not mention them.</summary>
    private static string Unchanged(PageCounts pages) =>
        pages.Unchanged > 0 ? string.Create(CultureInfo.InvariantCulture, $"{pages.Unchanged} unchanged, ") : "";
}
