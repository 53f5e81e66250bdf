using System.Collections.Concurrent;
using Ingestion.Fetching;
using Ingestion.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Politeness;

/// <summary>
/// The silo's side of the per-host limits. Each host in use has a <see cref="HostBudget"/> that enforces this silo's
/// lease from the host's <see cref="IHostGateGrain"/>; a background loop renews the leases about once a second, and
/// sooner when the host throttles or this silo's demand grows, so a request itself never waits for a grain call
/// (only the first one to a host, for the first lease). On top, a silo-wide cap bounds the requests in flight from
/// this silo (<see cref="FetchOptions.MaxInFlightRequestsPerSilo"/>).
/// </summary>
public sealed partial class HostLimiter : IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly HostLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HostLimiter> _logger;
    private readonly ConcurrentDictionary<string, LeasedHost> _hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _crawlDelays = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private readonly SemaphoreSlim _siloSlots;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _upkeep;

    public HostLimiter(
        IGrainFactory grains,
        IOptions<HostLimitOptions> options,
        IOptions<FetchOptions> fetchOptions,
        TimeProvider time,
        ILogger<HostLimiter> logger)
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
    /// Waits until a request to <paramref name="url"/>'s host may go: a place in the host's budget (concurrency, rate,
    /// any pause) and in the silo's. Dispose the permit when the response has been read.
    /// </summary>
    public async ValueTask<HostPermit> AcquireAsync(Uri url, CancellationToken cancellationToken)
    {
        var authority = IHostGateGrain.KeyFor(url);
        while (true)
        {
            var host = Host(authority);
            if (await host.Budget.AcquireAsync(cancellationToken) is not { } sentAt)
            {
                // Retired as idle a moment ago: the next round finds or makes a fresh one.
                _hosts.TryRemove(KeyValuePair.Create(authority, host));
                continue;
            }

            try
            {
                await _siloSlots.WaitAsync(cancellationToken);
            }
            catch
            {
                host.Budget.Release();
                throw;
            }

            return new HostPermit(this, host, sentAt);
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

        if (_hosts.TryGetValue(authority, out var host))
        {
            host.Budget.SetCrawlDelay(delay);
            RequestRenewal(host);
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
        foreach (var host in _hosts.Values)
        {
            host.Budget.Dispose();
        }
    }

    internal void OnAnswered(LeasedHost host, DateTimeOffset sentAt, int status, TimeSpan? retryAfter)
    {
        var throttled = status is 429 or 503;
        if (host.Budget.OnAnswered(sentAt, throttled, throttled ? retryAfter : null))
        {
            RequestRenewal(host);
        }
    }

    internal void Release(LeasedHost host)
    {
        host.Budget.Release();
        _siloSlots.Release();
    }

    private LeasedHost Host(string authority)
    {
        if (_hosts.TryGetValue(authority, out var host))
        {
            return host;
        }

        lock (_creating)
        {
            if (_hosts.TryGetValue(authority, out host))
            {
                return host;
            }

            var limits = _options.LimitsFor(authority);
            host = new LeasedHost(authority, new HostBudget(_time, _options, limits.MinRequestsPerSecond));
            if (_crawlDelays.TryGetValue(authority, out var crawlDelay))
            {
                host.Budget.SetCrawlDelay(crawlDelay);
            }

            _hosts[authority] = host;

            // Started off any grain's scheduler and context: the loop belongs to the silo, not to the page that came first.
            if (_upkeep is null)
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _upkeep = Task.Run(UpkeepAsync);
                }
            }
        }

        RequestRenewal(host);
        return host;
    }

    private void RequestRenewal(LeasedHost host)
    {
        if (host.WantRenewal() && !_stopping.IsCancellationRequested)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RenewWhileWantedAsync(host));
            }
        }
    }

    /// <summary>One renewal at a time per host, so the gate always hears what this silo holds after its last answer.</summary>
    private async Task RenewWhileWantedAsync(LeasedHost host)
    {
        do
        {
            while (host.TakeRenewalWish() && !_stopping.IsCancellationRequested)
            {
                await RenewAsync(host);
            }
        }
        while (host.EndRenewing());
    }

    private async Task RenewAsync(LeasedHost host)
    {
        var report = host.Budget.TakeReport(SiloId);
        var requestedAt = _time.GetUtcNow();
        try
        {
            var lease = await _grains.GetGrain<IHostGateGrain>(host.Authority).Renew(report)
                .WaitAsync(_options.LeaseDuration, _time, _stopping.Token);
            host.Budget.Apply(lease, requestedAt);
            host.Renewed(_time.GetUtcNow(), lease.RenewAfter, lease.ValidFor);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            // The gate is out of reach (its silo died, say): keep the lease while it holds, then go carefully.
            host.Budget.PutBack(report);
            var now = _time.GetUtcNow();
            host.RenewalFailed(now, _options.RenewalPeriod);
            if (host.LeaseLapsed(now))
            {
                host.Budget.FallBack();
            }

            LogRenewalFailed(exception, host.Authority);
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
            foreach (var host in _hosts.Values)
            {
                if (host.Budget.TryRetire(idleFor))
                {
                    Retire(host);
                }
                else if (host.RenewalDue(now, earliestEarly))
                {
                    RequestRenewal(host);
                }
            }
        }
    }

    private void Retire(LeasedHost host)
    {
        if (!_hosts.TryRemove(KeyValuePair.Create(host.Authority, host)))
        {
            return;
        }

        host.Budget.Dispose();
        try
        {
            // One-way: the gate hands the share to others at once rather than when the lease lapses.
            _grains.GetGrain<IHostGateGrain>(host.Authority).Release(SiloId).Ignore();
        }
        catch (Exception exception)
        {
            LogRenewalFailed(exception, host.Authority);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gate of host {Host} could not be reached; the silo keeps its lease while it holds, then sends one request at a time")]
    private partial void LogRenewalFailed(Exception exception, string host);
}
