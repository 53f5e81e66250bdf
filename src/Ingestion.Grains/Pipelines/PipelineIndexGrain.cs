using Ingestion.Pipelines;
using Orleans.Concurrency;

namespace Ingestion.Grains.Pipelines;

/// <summary>Reads the pipelines' index on any silo; it keeps nothing itself.</summary>
[StatelessWorker]
public sealed class PipelineIndexGrain(PipelineIndex index) : Grain, IPipelineIndexGrain
{
    public Task<Listing<PipelineSummary>> List(int skip, int take) => index.ListAsync(skip, take, CancellationToken.None);
}
