using Ingestion.Jobs;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>The cluster's list of jobs, newest first. There is one, with key <see cref="Key"/>.</summary>
[Alias("Ingestion.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Adds a job or updates its line.</summary>
    [Alias("Upsert")]
    Task Upsert(JobSummary job);

    [Alias("List"), ReadOnly]
    Task<Listing<JobSummary>> List(int skip, int take);
}
