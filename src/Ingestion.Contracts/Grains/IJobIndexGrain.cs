using Ingestion.Jobs;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>
/// The list of jobs, newest first, read from their index (a table each job writes its own row to); any silo answers, as
/// no state is kept here.
/// </summary>
[Alias("Ingestion.IJobIndexGrain")]
public interface IJobIndexGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Up to <paramref name="take"/> jobs after <paramref name="continuation"/>; null when it is no continuation the list gave.</summary>
    [Alias("List"), ReadOnly]
    Task<ContinuedListing<JobSummary>?> List(int take, string? continuation);
}
