using System.Globalization;
using Ingestion.Pages;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>
/// Fetches the pages of one block of a job (<see cref="PagesPerGrain"/> consecutive page numbers) and stores each as a
/// blob, retrying each as the job's retry policy says. Every page is on its own: its retries, its saved progress and its
/// reminder are its own; the block only shares one activation and one line of reports to the job among them.
/// </summary>
[Alias("Ingestion.IPageFetchGrain")]
public interface IPageFetchGrain : IGrainWithStringKey
{
    /// <summary>
    /// How many consecutive pages one grain fetches. A job hands out its pages in order, so the pages in flight at once
    /// share a few activations instead of each making (and ending) one, and their reports travel together.
    /// </summary>
    const int PagesPerGrain = 16;

    /// <summary>
    /// Accepts the pages (all of this grain's block) and returns at once; their outcomes reach the job grain through
    /// <see cref="IIngestionJobGrain.OnPagesFinished"/>. Asking again for a page under way changes nothing.
    /// </summary>
    [Alias("FetchPages")]
    Task Fetch(PageFetchRequest[] requests);

    /// <summary>
    /// Stops the pages: aborts their requests, drops their waiting retries and reminders. Returns once nothing more will
    /// be written for them, with each page's record if it was stored (or failed for good) before the cancel took effect,
    /// in the order asked.
    /// </summary>
    [Alias("CancelPages"), AlwaysInterleave]
    Task<PageRecord?[]> Cancel(int[] pages);

    /// <summary>The key of the grain that fetches this page of the job: "{job}/pages-{first}-{last}" of its block.</summary>
    public static string KeyFor(Guid jobId, int page)
    {
        var first = FirstOfBlock(page);
        return string.Create(CultureInfo.InvariantCulture, $"{jobId:N}/pages-{first}-{first + PagesPerGrain - 1}");
    }

    /// <summary>The key a page's saved retry is stored under: one page of one job, whichever grain fetches it.</summary>
    public static string StateKeyFor(Guid jobId, int page) => string.Create(CultureInfo.InvariantCulture, $"{jobId:N}/{page}");

    /// <summary>The job whose pages the grain with this key fetches.</summary>
    public static Guid JobOf(string key) => Guid.ParseExact(key.AsSpan(0, 32), "N");

    /// <summary>The first page of the block that holds <paramref name="page"/>: blocks are 1–16, 17–32, … (and 0, −15…−1 below).</summary>
    public static int FirstOfBlock(int page)
    {
        var offset = (page - 1) % PagesPerGrain;
        return page - (offset < 0 ? offset + PagesPerGrain : offset);
    }
}
