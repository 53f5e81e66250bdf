using Ingestion.Grains;
using Ingestion.Pages;

namespace Ingestion.IntegrationTests;

/// <summary>Shorthands for tests that talk to job grains.</summary>
internal static class JobGrainExtensions
{
    /// <summary>A slice of the job's pages; null for an unknown job. Pages that cannot be listed fail the test, saying why.</summary>
    public static async Task<Listing<PageRecord>?> ListPagesAsync(this IIngestionJobGrain job, PageStatus? status, int skip, int take) =>
        await job.GetPages(status, skip, take) switch
        {
            null => null,
            { Pages: { } pages } => pages,
            { Unavailable: var why } => throw new InvalidOperationException($"The job's pages cannot be listed: {why}"),
        };

    /// <summary>
    /// The job's status and error with each page it did not store (attempts, HTTP status, why), for an assertion's
    /// message: a test that sees the wrong outcome then says which pages went wrong and how.
    /// </summary>
    public static async Task<string> DescribeOutcomeAsync(this IIngestionJobGrain job, Jobs.JobView view)
    {
        var failed = await job.ListPagesAsync(PageStatus.Failed, 0, 20);
        var pages = failed is null
            ? "none listed"
            : string.Join("; ", failed.Items.Select(page =>
                $"page {page.Page}: {page.Attempts} attempts, {(page.HttpStatus is { } code ? $"HTTP {code}" : "no response")}, {page.FailureKind}, {page.Error}"));
        return $"Job {view.Id} ended {view.Status} ({view.Error ?? "no error"}); {failed?.Total ?? 0} failed pages: {pages}";
    }

    /// <summary>Starts the job, failing the test if its prefix is refused.</summary>
    public static async Task<Jobs.JobView> StartAsync(this IIngestionJobGrain job, Jobs.JobSpec spec) =>
        await job.Start(spec) switch
        {
            { Job: { } view } => view,
            { Conflict: var conflict } => throw new InvalidOperationException($"The job was refused: {conflict?.Reason}"),
        };
}
