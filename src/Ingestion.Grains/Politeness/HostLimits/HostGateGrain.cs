using Ingestion.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Politeness;

/// <summary>
/// The gate of one upstream host (see <see cref="IHostGateGrain"/>); the bookkeeping is <see cref="HostGate"/>. Its
/// state lives in memory only: should the gate move to another silo, the silos' next renewals (each says what it holds
/// and has in flight) rebuild it within a renewal period, and the rate starts again from the configured maximum.
/// </summary>
public sealed partial class HostGateGrain(
    IOptions<HostLimitOptions> options,
    TimeProvider timeProvider,
    ILogger<HostGateGrain> logger)
    : Grain, IHostGateGrain
{
    private HostGate? _gate;
    private string _host = "";

    public Task<HostLease> Renew(HostLeaseRequest request)
    {
        if (_gate is null)
        {
            _host = this.GetPrimaryKeyString();
            _gate = new HostGate(options.Value.LimitsFor(_host), options.Value, timeProvider.GetUtcNow());
        }

        var gate = _gate;
        var rateBefore = gate.Rate;
        var lease = gate.Renew(request, timeProvider.GetUtcNow());
        if (gate.Rate < rateBefore)
        {
            LogSlowedDown(_host, rateBefore, gate.Rate, lease.PausedUntil);
        }

        return Task.FromResult(lease);
    }

    public Task Release(string silo)
    {
        _gate?.Release(silo);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} throttled: its rate goes from {From:F1} to {To:F1} requests/s (paused until {PausedUntil})")]
    private partial void LogSlowedDown(string host, double from, double to, DateTimeOffset? pausedUntil);
}
