using Polly;
using Polly.Registry;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Grain calls that may safely be made twice (reads, a cancel, a start under a job id fixed before the first try) are
/// tried again while they fail for the cluster's sake (<see cref="ClusterFaults"/>), within the budget of
/// <see cref="ClusterCallOptions"/>. Past it, the last failure goes on to <see cref="ClusterUnavailableHandler"/>: a 503.
/// </summary>
public sealed class ClusterCalls(ResiliencePipelineProvider<string> pipelines)
{
    public const string PipelineName = "cluster-calls";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(PipelineName);

    /// <summary>
    /// Makes <paramref name="call"/>, again while the cluster fails it. A grain call cannot be cancelled: when the budget
    /// or the request ends, the API stops waiting for it.
    /// </summary>
    public async Task<T> RepeatableAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken);
}
