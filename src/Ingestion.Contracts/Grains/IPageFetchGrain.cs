using Ingestion.Pages;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>Fetches one page of a job and stores it as a blob, retrying as the job's retry policy says.</summary>
[Alias("Ingestion.IPageFetchGrain")]
public interface IPageFetchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the page and returns at once; the outcome reaches the job grain through
    /// <see cref="IIngestionJobGrain.OnPageFinished"/>. Asking again for a page under way changes nothing.
    /// </summary>
    [Alias("Fetch")]
    Task Fetch(PageFetchRequest request);

    /// <summary>
    /// Stops the page: aborts its request, drops a waiting retry and its reminder. Returns once nothing more will be
    /// written, with the page's record if it was stored (or failed for good) before the cancel took effect.
    /// </summary>
    [Alias("Cancel"), AlwaysInterleave]
    Task<PageRecord?> Cancel();

    public static string KeyFor(Guid jobId, int page) => $"{jobId:N}/{page}";
}
