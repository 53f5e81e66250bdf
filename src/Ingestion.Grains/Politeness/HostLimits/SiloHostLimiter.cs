using System.Collections.Concurrent;
using Ingestion.Fetching;
using Ingestion.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// The silo's side of the per-host limits, where a request gets its <see cref="RequestPermit"/>. Each host in use has a
/// <see cref="HeldHostLease"/>: this silo's lease from the host's <see cref="IHostGateGrain"/>, kept to by a
/// <see cref="HostLeaseEnforcer"/>. A background loop renews the leases about once a second, and sooner when the host
/// throttles or this silo's demand grows, so a request itself never waits for a grain call (only the first one to a
/// host, for the first lease). On top, a silo-wide cap bounds the requests in flight from this silo
/// (<see cref="FetchOptions.MaxInFlightRequestsPerSilo"/>).
/// </summary>
public sealed partial class SiloHostLimiter : IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly HostLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SiloHostLimiter> _logger;
    private readonly ConcurrentDictionary<string, HeldHostLease> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _crawlDelays = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private readonly SemaphoreSlim _siloSlots;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _upkeep;

    public SiloHostLimiter(
        IGrainFactory grains,
        IOptions<HostLimitOptions> options,
        IOptions<FetchOptions> fetchOptions,
        TimeProvider time,
        ILogger<SiloHostLimiter> logger)
    {
        _grains = grains;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var slots = fetchOptions.Value.MaxInFlightRequestsPerSilo;
        _siloSlots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>This silo's name towards the gates: unique to this process's limiter.</summary>
    public string SiloId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Waits until a request to <paramref name="url"/>'s host may go: a place in the host's lease (concurrency, rate,
    /// any pause) and in the silo's cap. Dispose the permit when the response has been read.
    /// </summary>
    public async ValueTask<RequestPermit> AcquireAsync(Uri url, CancellationToken cancellationToken)
    {
        var authority = IHostGateGrain.KeyFor(url);
        while (true)
        {
            var lease = LeaseFor(authority);
            if (await lease.Enforcer.AcquireAsync(cancellationToken) is not { } sentAt)
            {
                // Retired as idle a moment ago: the next round finds or makes a fresh one.
                _leases.TryRemove(KeyValuePair.Create(authority, lease));
                continue;
            }

            try
            {
                await _siloSlots.WaitAsync(cancellationToken);
            }
            catch
            {
                lease.Enforcer.Release();
                throw;
            }

            return new RequestPermit(this, lease, sentAt);
        }
    }

    /// <summary>
    /// The host's robots.txt asks for <paramref name="delay"/> between requests (null: nothing). It caps the host's
    /// rate here at once and, through the next renewal, across the cluster.
    /// </summary>
    public void SetCrawlDelay(string authority, TimeSpan? delay)
    {
        if (delay is { Ticks: > 0 } wanted)
        {
            _crawlDelays[authority] = wanted;
        }
        else
        {
            _crawlDelays.TryRemove(authority, out _);
        }

        if (_leases.TryGetValue(authority, out var lease))
        {
            lease.Enforcer.SetCrawlDelay(delay);
            RequestRenewal(lease);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_upkeep is { } upkeep)
        {
            await upkeep.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Requests still waiting fail; the token source and the semaphore stay undisposed, as renewals and responses
        // that are still finishing may touch them (neither holds anything to release).
        foreach (var lease in _leases.Values)
        {
            lease.Enforcer.Dispose();
        }
    }

    internal void OnAnswered(HeldHostLease lease, DateTimeOffset sentAt, int status, TimeSpan? retryAfter)
    {
        var throttled = status is 429 or 503;
        if (lease.Enforcer.OnAnswered(sentAt, throttled, throttled ? retryAfter : null))
        {
            RequestRenewal(lease);
        }
    }

    internal void Release(HeldHostLease lease)
    {
        lease.Enforcer.Release();
        _siloSlots.Release();
    }

    private HeldHostLease LeaseFor(string authority)
    {
        if (_leases.TryGetValue(authority, out var lease))
        {
            return lease;
        }

        lock (_creating)
        {
            if (_leases.TryGetValue(authority, out lease))
            {
                return lease;
            }

            var limits = _options.LimitsFor(authority);
            lease = new HeldHostLease(authority, new HostLeaseEnforcer(_time, _options, limits.MinRequestsPerSecond));
            if (_crawlDelays.TryGetValue(authority, out var crawlDelay))
            {
                lease.Enforcer.SetCrawlDelay(crawlDelay);
            }

            _leases[authority] = lease;

            // Started off any grain's scheduler and context: the loop belongs to the silo, not to the page that came first.
            if (_upkeep is null)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _upkeep = Task.Run(UpkeepAsync);
                }
            }
        }

        RequestRenewal(lease);
        return lease;
    }

    private void RequestRenewal(HeldHostLease lease)
    {
        if (lease.WantRenewal() && !_stopping.IsCancellationRequested)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RenewWhileWantedAsync(lease));
            }
        }
    }

    /// <summary>One renewal at a time per host, so the gate always hears what this silo holds after its last answer.</summary>
    private async Task RenewWhileWantedAsync(HeldHostLease lease)
    {
        do
        {
            while (lease.TakeRenewalWish() && !_stopping.IsCancellationRequested)
            {
                await RenewAsync(lease);
            }
        }
        while (lease.EndRenewing());
    }

    private async Task RenewAsync(HeldHostLease lease)
    {
        var report = lease.Enforcer.TakeReport(SiloId);
        var requestedAt = _time.GetUtcNow();
        try
        {
            var granted = await _grains.GetGrain<IHostGateGrain>(lease.Authority).Renew(report)
                .WaitAsync(_options.LeaseDuration, _time, _stopping.Token);
            lease.Enforcer.Apply(granted, requestedAt);
            lease.Renewed(_time.GetUtcNow(), granted.RenewAfter, granted.ValidFor);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            // The gate is out of reach (its silo died, say): keep the lease while it holds, then go carefully.
            lease.Enforcer.PutBack(report);
            var now = _time.GetUtcNow();
            lease.RenewalFailed(now, _options.RenewalPeriod);
            if (lease.LeaseLapsed(now))
            {
                lease.Enforcer.FallBack();
            }

            LogRenewalFailed(exception, lease.Authority);
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    /// <summary>Renews leases as they fall due or as demand asks, and lets hosts go once idle.</summary>
    private async Task UpkeepAsync()
    {
        var tick = _options.RenewalPeriod / 10;
        var earliestEarly = _options.RenewalPeriod / 4;
        var idleFor = _options.RenewalPeriod * 10;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = _time.GetUtcNow();
            foreach (var lease in _leases.Values)
            {
                if (lease.Enforcer.TryRetire(idleFor))
                {
                    Retire(lease);
                }
                else if (lease.RenewalDue(now, earliestEarly))
                {
                    RequestRenewal(lease);
                }
            }
        }
    }

    private void Retire(HeldHostLease lease)
    {
        if (!_leases.TryRemove(KeyValuePair.Create(lease.Authority, lease)))
        {
            return;
        }

        lease.Enforcer.Dispose();
        try
        {
            // One-way: the gate hands the share to others at once rather than when the lease lapses.
            _grains.GetGrain<IHostGateGrain>(lease.Authority).Release(SiloId).Ignore();
        }
        catch (Exception exception)
        {
            LogRenewalFailed(exception, lease.Authority);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gate of host {Host} could not be reached; the silo keeps its lease while it holds, then sends one request at a time")]
    private partial void LogRenewalFailed(Exception exception, string host);
}
