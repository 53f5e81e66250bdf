using Ingestion.Pipelines;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>
/// The list of pipelines, newest first, read from their index (a table the pipelines write one row each to); any silo
/// answers, as no state is kept here.
/// </summary>
[Alias("Ingestion.IPipelineIndexGrain")]
public interface IPipelineIndexGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("List"), ReadOnly]
    Task<Listing<PipelineSummary>> List(int skip, int take);
}
