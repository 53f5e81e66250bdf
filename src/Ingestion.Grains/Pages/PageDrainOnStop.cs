using Ingestion.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Grains.Pages;

/// <summary>
/// A silo that stops (SIGTERM, a redeploy, a scale-in) first lets the page requests under way end, up to
/// <see cref="FetchOptions.DrainOnStop"/>, and starts no new one; only then does Orleans deactivate its grains and leave
/// the cluster. Its pages are stored and reported instead of being fetched again elsewhere.
/// </summary>
public sealed partial class PageDrainOnStop(PagesInFlight pages, IOptions<FetchOptions> options, ILogger<PageDrainOnStop> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        // The first stage to stop: grains and membership are all still there.
        lifecycle.Subscribe(nameof(PageDrainOnStop), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAsync);

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.DrainOnStop;
        LogDraining(pages.Count, limit.TotalSeconds);
        var left = await pages.CloseAsync(limit, cancellationToken);
        if (left > 0)
        {
            LogLeft(left);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The silo is stopping: letting {Count} page requests under way end (up to {LimitSeconds} s)")]
    private partial void LogDraining(int count, double limitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo is stopping: {Count} page requests had not ended in time and are cancelled; their pages are fetched again elsewhere")]
    private partial void LogLeft(int count);
}
