using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Ingestion.Grains.Cluster;

/// <summary>
/// Tells the running jobs of this silo when another silo is declared dead, so that each hands out again at once the
/// pages that were at work there, instead of waiting for its watchdog. A job on the dead silo itself comes back on a
/// live one as soon as one of its pages reports (or its watchdog fires) and hands its outstanding pages out then.
/// </summary>
public sealed partial class SiloDeathWatch(
    IClusterMembershipService membership, IGrainFactory grains, ILogger<SiloDeathWatch> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, byte> _jobs = new();

    /// <summary>A job running in this silo: told of every silo that dies while it runs here.</summary>
    public void Watch(Guid jobId) => _jobs.TryAdd(jobId, 0);

    public void Forget(Guid jobId) => _jobs.TryRemove(jobId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var dead = previous is null ? [] : SiloDeaths.Between(previous, snapshot);
                previous = snapshot;
                if (dead.Count > 0)
                {
                    LogSiloDied(logger, string.Join(", ", dead), _jobs.Count);
                    await Task.WhenAll(_jobs.Keys.Select(TellAsync));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task TellAsync(Guid jobId)
    {
        try
        {
            await grains.GetGrain<IIngestionJobGrain>(jobId).OnSiloDied();
        }
        catch (Exception exception)
        {
            // The job's watchdog still hands its pages out again.
            LogTellFailed(logger, exception, jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} declared dead: {Jobs} running jobs here hand out its pages again")]
    private static partial void LogSiloDied(ILogger logger, string silos, int jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} could not be told of a dead silo; its watchdog will hand its pages out again")]
    private static partial void LogTellFailed(ILogger logger, Exception exception, Guid jobId);
}
