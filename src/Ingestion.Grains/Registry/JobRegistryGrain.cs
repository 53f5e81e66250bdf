using Ingestion.Grains.Jobs.Index;

namespace Ingestion.Grains.Registry;

/// <summary>Moves the job list that clusters kept before the job index into it, once (see <see cref="IJobRegistryGrain"/>).</summary>
public sealed class JobRegistryGrain(
    [PersistentState("registry", StorageNames.JobStore)] IPersistentState<JobRegistryState> state,
    JobIndex index) : Grain, IJobRegistryGrain
{
    public async Task MoveToIndex()
    {
        if (state.State.Jobs.Count == 0)
        {
            return;
        }

        foreach (var job in state.State.Jobs)
        {
            await index.UpsertAsync(job, CancellationToken.None);
        }

        // Only once every line is in the index: a move cut short is made again, and an upsert twice writes the same row.
        await state.ClearStateAsync();
        state.State.Jobs.Clear();
    }
}
