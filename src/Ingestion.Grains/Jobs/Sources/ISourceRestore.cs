using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// Rebuilds a job's tally after a restart, or for a retry of its failed pages: the stored pages are fed in page order,
/// then <see cref="Complete"/> says which pages were at work before and must be handed out again.
/// </summary>
internal interface ISourceRestore
{
    /// <summary>Takes a page found stored; false when no more are needed.</summary>
    bool AddStored(PageRecord stored);

    /// <summary>
    /// Ends the restore: the pages up to <paramref name="dispatchedThrough"/> that had not ended, which were at work
    /// when the job stopped and are outstanding again (their records are made by the caller, who knows their URLs).
    /// </summary>
    IReadOnlyList<int> Complete(int dispatchedThrough);
}
