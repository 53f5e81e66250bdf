using Ingestion.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// The gate of one upstream host (see <see cref="IHostGateGrain"/>), a shell around the <see cref="HostLeaseAllocator"/>
/// that decides. Its state lives in memory only: should the gate move to another silo, the silos' next renewals (each
/// says what it holds and has in flight) rebuild it within a renewal period, and the rate starts again from the
/// configured maximum.
/// </summary>
/// <remarks>The class keeps its name: Orleans names the grain type after it (<c>hostgate</c>).</remarks>
public sealed partial class HostGateGrain(
    IOptions<HostLimitOptions> options,
    TimeProvider timeProvider,
    ILogger<HostGateGrain> logger)
    : Grain, IHostGateGrain
{
    private HostLeaseAllocator? _allocator;
    private string _host = "";

    public Task<HostLease> Renew(HostLeaseRequest request)
    {
        if (_allocator is null)
        {
            _host = this.GetPrimaryKeyString();
            _allocator = new HostLeaseAllocator(options.Value.LimitsFor(_host), options.Value, timeProvider.GetUtcNow());
        }

        var allocator = _allocator;
        var rateBefore = allocator.Rate;
        var lease = allocator.Renew(request, timeProvider.GetUtcNow());
        if (allocator.Rate < rateBefore)
        {
            LogSlowedDown(_host, rateBefore, allocator.Rate, lease.PausedUntil);
        }

        return Task.FromResult(lease);
    }

    public Task Release(string silo)
    {
        _allocator?.Release(silo);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} throttled: its rate goes from {From:F1} to {To:F1} requests/s (paused until {PausedUntil})")]
    private partial void LogSlowedDown(string host, double from, double to, DateTimeOffset? pausedUntil);
}
