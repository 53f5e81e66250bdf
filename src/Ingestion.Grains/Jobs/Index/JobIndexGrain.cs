using Ingestion.Jobs;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Ingestion.Grains.Jobs.Index;

/// <summary>Reads the job index on any silo; it keeps nothing itself.</summary>
[StatelessWorker]
public sealed partial class JobIndexGrain(JobIndex index, ILogger<JobIndexGrain> logger) : Grain, IJobIndexGrain
{
    private bool _registryMoved;

    public async Task<ContinuedListing<JobSummary>?> List(int take, string? continuation)
    {
        if (continuation is not null && !JobIndexKeys.TryReadContinuation(continuation, out _, out _))
        {
            return null;
        }

        await MoveRegistryOnceAsync();
        return await index.ListAsync(take, continuation, CancellationToken.None);
    }

    /// <summary>Jobs an older version of the cluster listed in its registry join the index before it is first read.</summary>
    private async Task MoveRegistryOnceAsync()
    {
        if (_registryMoved)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).MoveToIndex();
            _registryMoved = true;
        }
        catch (Exception exception)
        {
            // The listing goes on without them; the next read tries again.
            LogRegistryNotMoved(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The jobs of the older job registry could not be moved into the job index yet")]
    private partial void LogRegistryNotMoved(Exception exception);
}
