using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Grain calls that may safely be made twice (reads, a cancel, a start under a job id fixed before the first try) are
/// tried again while they fail for the cluster's sake (<see cref="ClusterFaults"/>), within the budget of
/// <see cref="ClusterCallOptions"/>. Past it, the last failure goes on to <see cref="ClusterUnavailableHandler"/>: a 503.
/// </summary>
public sealed partial class ClusterCalls
{
    private readonly ResiliencePipeline _pipeline;

    public ClusterCalls(IOptions<ClusterCallOptions> options, ILogger<ClusterCalls> logger)
    {
        var settings = options.Value;
        // Built here rather than in Polly's registry: its telemetry would log every call, and a call cancelled because
        // the client went away is no news. A retry is logged below; a call that still fails is logged as a 503.
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(settings.RetryBudget)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ClusterFaults.IsTransient),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.FirstRetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                OnRetry = retry =>
                {
                    LogRetrying(logger, retry.Outcome.Exception, retry.AttemptNumber + 1, retry.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Makes <paramref name="call"/>, again while the cluster fails it. A grain call cannot be cancelled: when the budget
    /// or the request ends, the API stops waiting for it.
    /// </summary>
    public async Task<T> RepeatableAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token => await call().WaitAsync(token), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "A grain call failed for the cluster's sake; try {Attempt} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception? exception, int attempt, TimeSpan delay);
}
