using Ingestion.Grains;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// The decisions of one host's gate (<see cref="HostGateGrain"/>), without I/O: it splits the host's cluster-wide budget
/// into a lease for each silo that uses the host, and keeps the host's rate, cut when the host throttles and regained
/// gradually (see <see cref="AdaptiveHostRate"/>).
/// </summary>
/// <remarks>
/// <para>
/// Concurrency is split strictly: a silo is never granted more than the host's limit less what the other silos may
/// still have in flight, which for each is the most of what it was last granted, what it enforces and what it had in
/// flight when it last renewed. A silo whose share was cut keeps its requests; its share only goes to another silo
/// once it reports having shed them. So the silos together never exceed the limit, even while shares move.
/// </para>
/// <para>
/// Shares follow demand: each silo gets what it wants up to an equal part of what is left (max-min fairness), and what
/// nobody wants is spread over the silos and one place kept for a silo yet to come, so that a newcomer has room at once.
/// The rate is split in proportion to demand. Rates are averages and may overlap briefly while shares move.
/// </para>
/// </remarks>
internal sealed class HostLeaseAllocator(ResolvedHostLimits limits, HostLimitOptions options, DateTimeOffset now)
{
    private readonly Dictionary<string, SiloShare> _silos = new(StringComparer.Ordinal);
    private readonly AdaptiveHostRate _adaptiveRate = new(options, limits.MaxRequestsPerSecond, limits.MinRequestsPerSecond, now);
    private DateTimeOffset _lastAdjustedAt = now;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>The host's rate now, before a robots.txt Crawl-delay caps it.</summary>
    public double Rate => _adaptiveRate.Rate;

    /// <summary>The rate shared out: <see cref="Rate"/>, capped by the longest Crawl-delay a silo has read.</summary>
    public double EffectiveRate =>
        _silos.Values.Select(silo => silo.CrawlDelay).DefaultIfEmpty().Max() is { Ticks: > 0 } delay ? Math.Min(Rate, 1 / delay.TotalSeconds) : Rate;

    /// <summary>The silos holding a share.</summary>
    public IReadOnlyCollection<string> Silos => _silos.Keys;

    /// <summary>The concurrency the silos together may be using: never more than the host's limit.</summary>
    public int Committed => _silos.Values.Sum(silo => silo.Holding);

    public HostLease Renew(HostLeaseRequest request, DateTimeOffset now)
    {
        Forget(expiredBefore: now - options.LeaseDuration, except: request.Silo);
        if (!_silos.TryGetValue(request.Silo, out var silo))
        {
            silo = new SiloShare(request.Silo);
            _silos.Add(request.Silo, silo);
        }

        silo.Report(request, now);
        if (request.PauseUntil is { } pauseUntil)
        {
            var capped = now + options.MaxPause;
            _pausedUntil = Later(_pausedUntil, pauseUntil < capped ? pauseUntil : capped);
        }

        var recent = new RecentAnswerCounts(
            _silos.Values.Sum(share => share.SentLastSecond),
            _silos.Values.Sum(share => share.AnsweredLastSecond),
            _silos.Values.Sum(share => share.ThrottledLastSecond),
            _silos.Values.Sum(share => share.RecentAnswers),
            _silos.Values.Sum(share => share.RecentRefusals));
        _adaptiveRate.Observe(recent);
        if (request.ThrottledRequestSentAt is { } sentAt)
        {
            _adaptiveRate.OnRefusal(now, sentAt, senderSawLastCut: silo.LeasedAt >= _adaptiveRate.LastCutAt, recent);
        }
        else
        {
            _adaptiveRate.Recover((now - _lastAdjustedAt).TotalSeconds, recent.Sent);
        }

        _lastAdjustedAt = now;
        var target = ConcurrencyTargets()[silo.Id];
        var othersMayUse = _silos.Values.Where(other => other != silo).Sum(other => other.Holding);
        silo.Granted = Math.Clamp(limits.MaxConcurrentRequests - othersMayUse, 0, target);
        silo.LeasedAt = now;

        // Starved while others shed what they hold: ask again soon rather than in a full period.
        var starved = silo.Granted < Math.Min(silo.Demand, target);
        return new HostLease
        {
            MaxConcurrentRequests = silo.Granted,
            RequestsPerSecond = RateShare(silo),
            PausedUntil = _pausedUntil > now ? _pausedUntil : null,
            RenewAfter = starved ? options.RenewalPeriod / 4 : options.RenewalPeriod,
            ValidFor = options.LeaseDuration,
        };
    }

    /// <summary>The silo is done with the host: its share is free for the others.</summary>
    public void Release(string silo) => _silos.Remove(silo);

    /// <summary>Each silo's concurrency by max-min fairness over demand, the rest spread with a place kept for a newcomer.</summary>
    private Dictionary<string, int> ConcurrencyTargets()
    {
        var targets = new Dictionary<string, int>(_silos.Count, StringComparer.Ordinal);
        var remaining = limits.MaxConcurrentRequests;
        var left = _silos.Count;
        foreach (var silo in _silos.Values.OrderBy(silo => silo.Demand).ThenBy(silo => silo.Id, StringComparer.Ordinal))
        {
            var give = Math.Min(silo.Demand, remaining / left--);
            targets[silo.Id] = give;
            remaining -= give;
        }

        var places = _silos.Count + 1;
        var index = 0;
        foreach (var id in targets.Keys.Order(StringComparer.Ordinal).ToList())
        {
            targets[id] += (remaining / places) + (index++ < remaining % places ? 1 : 0);
        }

        return targets;
    }

    private double RateShare(SiloShare silo)
    {
        var weights = _silos.Values.Sum(other => other.Demand + 1.0);
        return EffectiveRate * (silo.Demand + 1.0) / weights;
    }

    private void Forget(DateTimeOffset expiredBefore, string except)
    {
        foreach (var expired in _silos.Values.Where(silo => silo.RenewedAt < expiredBefore && silo.Id != except).ToList())
        {
            _silos.Remove(expired.Id);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>What the gate knows of one silo's use of the host.</summary>
    private sealed class SiloShare(string id)
    {
        public string Id { get; } = id;

        public int Demand { get; private set; }

        public int InFlight { get; private set; }

        public int Applied { get; private set; }

        public int SentLastSecond { get; private set; }

        public int AnsweredLastSecond { get; private set; }

        public int ThrottledLastSecond { get; private set; }

        public int RecentAnswers { get; private set; }

        public int RecentRefusals { get; private set; }

        public TimeSpan CrawlDelay { get; private set; }

        public DateTimeOffset RenewedAt { get; private set; }

        public DateTimeOffset LeasedAt { get; set; } = DateTimeOffset.MinValue;

        public int Granted { get; set; }

        /// <summary>The most this silo may have in flight until it renews again.</summary>
        public int Holding => Math.Max(Granted, Math.Max(Applied, InFlight));

        public void Report(HostLeaseRequest request, DateTimeOffset now)
        {
            Demand = Math.Max(0, request.Demand);
            InFlight = Math.Max(0, request.InFlight);
            Applied = Math.Max(0, request.Applied);
            SentLastSecond = Math.Max(0, request.SentLastSecond);
            AnsweredLastSecond = Math.Max(0, request.AnsweredLastSecond);
            ThrottledLastSecond = Math.Max(0, request.ThrottledLastSecond);
            RecentAnswers = Math.Max(0, request.RecentAnswers);
            RecentRefusals = Math.Clamp(request.RecentRefusals, 0, RecentAnswers);
            CrawlDelay = request.CrawlDelay ?? TimeSpan.Zero;
            RenewedAt = now;
        }
    }
}
