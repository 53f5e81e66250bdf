using Ingestion.Jobs;

namespace Ingestion.Grains.Registry;

/// <summary>Keeps one line per job so that jobs can be listed without waking every job grain.</summary>
public sealed class JobRegistryGrain(
    [PersistentState("registry", StorageNames.JobStore)] IPersistentState<JobRegistryState> state) : Grain, IJobRegistryGrain
{
    public async Task Upsert(JobSummary job)
    {
        var jobs = state.State.Jobs;
        var index = jobs.FindIndex(existing => existing.Id == job.Id);
        if (index >= 0)
        {
            if (jobs[index] == job)
            {
                return;
            }

            jobs[index] = job;
        }
        else
        {
            jobs.Add(job);
        }

        await state.WriteStateAsync();
    }

    public Task<Listing<JobSummary>> List(int skip, int take)
    {
        var jobs = state.State.Jobs;
        var items = jobs
            .OrderByDescending(job => job.CreatedAt)
            .ThenByDescending(job => job.Id)
            .Skip(skip)
            .Take(take)
            .ToList();
        return Task.FromResult(new Listing<JobSummary>(items, jobs.Count, skip, take));
    }
}
