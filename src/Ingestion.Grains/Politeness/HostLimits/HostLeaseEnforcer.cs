using Ingestion.Grains;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// Keeps this silo to its lease on one host, on its own: requests in flight, requests started per second (a token
/// bucket), a pause the host asked for. It hands out turns in the order they were asked for, and gathers what the next
/// renewal tells the host's gate. A 429 or 503 cuts its rate at once, before the gate hears of it.
/// </summary>
/// <remarks>
/// The rate is kept as a theoretical arrival time (the generic cell rate algorithm): a turn is due once the next
/// arrival, less a burst allowance of a tenth of a second's worth of requests, has come. One timer wakes the queue when
/// the head's turn is due, so a change of lease takes effect at once, for waiting requests too.
/// </remarks>
internal sealed class HostLeaseEnforcer : IDisposable
{
    private const double BurstSeconds = 0.1;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly HostLimitOptions _options;
    private readonly double _minRate;
    private readonly LinkedList<TaskCompletionSource<DateTimeOffset>> _waiters = new();
    private readonly TrailingSecondCounter _sent = new();
    private readonly TrailingSecondCounter _answered = new();
    private readonly TrailingSecondCounter _throttled = new();
    private readonly RefusalHistory _history = new();
    private readonly ITimer _timer;
    private int _limit;
    private int _inFlight;
    private readonly AdaptiveHostRate _adaptiveRate;
    private DateTimeOffset _nextArrival = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastActive;
    private int _peakDemand;
    private int _reportedDemand;
    private DateTimeOffset? _throttledSentAt;
    private DateTimeOffset? _pauseRequested;
    private TimeSpan? _crawlDelay;
    private bool _reductionToAcknowledge;
    private bool _retired;
    private bool _disposed;

    /// <param name="minRate">The floor of a local cut: the host's <see cref="ResolvedHostLimits.MinRequestsPerSecond"/>.</param>
    public HostLeaseEnforcer(TimeProvider time, HostLimitOptions options, double minRate)
    {
        _time = time;
        _options = options;
        _minRate = minRate;
        _lastActive = time.GetUtcNow();
        // The lease sets the rate; a local cut only bridges the moment until the gate has heard.
        _adaptiveRate = new AdaptiveHostRate(options, maxRate: double.PositiveInfinity, minRate, startedAt: _lastActive) { Rate = 0 };
        _timer = time.CreateTimer(static state => ((HostLeaseEnforcer)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The concurrency the silo enforces now.</summary>
    public int Limit
    {
        get { lock (_lock) { return _limit; } }
    }

    /// <summary>Requests per second the silo allows itself now.</summary>
    public double Rate
    {
        get { lock (_lock) { return _adaptiveRate.Rate; } }
    }

    public int InFlight
    {
        get { lock (_lock) { return _inFlight; } }
    }

    public int Waiting
    {
        get { lock (_lock) { return _waiters.Count; } }
    }

    /// <summary>
    /// Whether the gate should hear from this silo before its renewal is due: the silo wants much more than it said,
    /// or it has shed what a lease took away, which the gate can then hand to others.
    /// </summary>
    public bool WantsEarlyRenewal
    {
        get
        {
            lock (_lock)
            {
                return _inFlight + _waiters.Count > _reportedDemand * 3 / 2 + 1
                    || (_reductionToAcknowledge && _inFlight <= _limit);
            }
        }
    }

    /// <summary>
    /// Waits for a turn: a free slot and the rate's say-so, in the order asked. Returns when the turn was granted (the
    /// request's send time), or null when this enforcer has been retired (the caller takes the host's new one).
    /// </summary>
    public async ValueTask<DateTimeOffset?> AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<DateTimeOffset> waiter;
        LinkedListNode<TaskCompletionSource<DateTimeOffset>> node;
        lock (_lock)
        {
            if (_retired)
            {
                return null;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);

            var now = _time.GetUtcNow();
            _lastActive = now;
            if (_waiters.Count == 0 && _inFlight < _limit && EarliestTurn() <= now)
            {
                Grant(now);
                NoteDemand();
                return now;
            }

            waiter = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
            NoteDemand();
            Pump(now);
        }

        using var registration = cancellationToken.Register(
            static state =>
            {
                var (enforcer, node, token) = ((HostLeaseEnforcer, LinkedListNode<TaskCompletionSource<DateTimeOffset>>, CancellationToken))state!;
                enforcer.Abandon(node, token);
            },
            (this, node, cancellationToken));
        return await waiter.Task;
    }

    /// <summary>A request has ended (its response is disposed, or it failed): its slot goes to the next in line.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            var now = _time.GetUtcNow();
            _lastActive = now;
            Pump(now);
        }
    }

    /// <summary>
    /// The host answered a request sent at <paramref name="sentAt"/>. Throttling (429, 503) may cut the silo's rate at
    /// once, as <see cref="AdaptiveHostRate"/> judges, and a Retry-After pauses the host. Returns whether the gate
    /// should hear of it now.
    /// </summary>
    public bool OnAnswered(DateTimeOffset sentAt, bool throttled, TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _history.Add(throttled);
            if (!throttled)
            {
                _answered.Add(now);
                return false;
            }

            _throttled.Add(now);
            _throttledSentAt = _throttledSentAt is { } earlier && earlier > sentAt ? earlier : sentAt;
            if (retryAfter is { } wait && wait > TimeSpan.Zero)
            {
                var until = now + (wait < _options.MaxPause ? wait : _options.MaxPause);
                _pauseRequested = _pauseRequested is { } asked && asked > until ? asked : until;
                _pausedUntil = Later(_pausedUntil, until);
            }

            if (_adaptiveRate.OnRefusal(now, sentAt, senderSawLastCut: true, Recent(now)))
            {
                SetRate(_adaptiveRate.Rate);
            }

            Pump(now);
            return true;
        }
    }

    /// <summary>What the next renewal tells the gate. What it reports once (throttling, a pause) is not reported again.</summary>
    public HostLeaseRequest TakeReport(string silo)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _adaptiveRate.Observe(Recent(now));
            var report = new HostLeaseRequest
            {
                Silo = silo,
                Demand = Math.Max(_peakDemand, _inFlight + _waiters.Count),
                InFlight = _inFlight,
                Applied = _limit,
                SentLastSecond = _sent.Count(now),
                AnsweredLastSecond = _answered.Count(now),
                ThrottledLastSecond = _throttled.Count(now),
                RecentAnswers = _history.Answers,
                RecentRefusals = _history.Refusals,
                ThrottledRequestSentAt = _throttledSentAt,
                PauseUntil = _pauseRequested,
                CrawlDelay = _crawlDelay,
            };
            _peakDemand = _inFlight + _waiters.Count;
            _reportedDemand = report.Demand;
            _throttledSentAt = null;
            _pauseRequested = null;
            if (_inFlight <= _limit)
            {
                _reductionToAcknowledge = false;
            }

            return report;
        }
    }

    /// <summary>A renewal did not reach the gate: what it was to report is reported with the next one.</summary>
    public void PutBack(HostLeaseRequest report)
    {
        lock (_lock)
        {
            if (report.ThrottledRequestSentAt is { } throttled && (_throttledSentAt is null || _throttledSentAt < throttled))
            {
                _throttledSentAt = throttled;
            }

            if (report.PauseUntil is { } pause && (_pauseRequested is null || _pauseRequested < pause))
            {
                _pauseRequested = pause;
            }
        }
    }

    /// <summary>
    /// Takes on a lease from the gate, asked for at <paramref name="requestedAt"/>. A cut made locally since then stays
    /// (the gate had not heard of it yet); requests already waiting get their turns by the new terms.
    /// </summary>
    public void Apply(HostLease lease, DateTimeOffset requestedAt)
    {
        lock (_lock)
        {
            var rate = CappedByCrawlDelay(lease.RequestsPerSecond);
            SetRate(_adaptiveRate.LastCutAt > requestedAt ? Math.Min(rate, _adaptiveRate.Rate) : rate);
            _reductionToAcknowledge |= lease.MaxConcurrentRequests < _limit;
            _limit = lease.MaxConcurrentRequests;
            if (lease.PausedUntil is { } pausedUntil)
            {
                _pausedUntil = Later(_pausedUntil, pausedUntil);
            }

            Pump(_time.GetUtcNow());
        }
    }

    /// <summary>
    /// No lease could be had: one request at a time (at the last lease's rate, or the host's lowest without one) until
    /// the gate answers again.
    /// </summary>
    public void FallBack()
    {
        lock (_lock)
        {
            _limit = 1;
            SetRate(CappedByCrawlDelay(_adaptiveRate.Rate > 0 ? _adaptiveRate.Rate : _minRate));
            Pump(_time.GetUtcNow());
        }
    }

    /// <summary>The host's robots.txt asks for this much time between requests (null: it asks nothing).</summary>
    public void SetCrawlDelay(TimeSpan? delay)
    {
        lock (_lock)
        {
            _crawlDelay = delay is { Ticks: > 0 } ? delay : null;
            SetRate(CappedByCrawlDelay(_adaptiveRate.Rate));
            Pump(_time.GetUtcNow());
        }
    }

    /// <summary>
    /// Retires the enforcer if nothing has used it for <paramref name="idleFor"/>: a request that finds it retired takes
    /// a fresh one. Returns whether it did.
    /// </summary>
    public bool TryRetire(TimeSpan idleFor)
    {
        lock (_lock)
        {
            if (_retired || _inFlight > 0 || _waiters.Count > 0 || _time.GetUtcNow() - _lastActive < idleFor)
            {
                return _retired;
            }

            _retired = true;
            return true;
        }
    }

    public void Dispose()
    {
        List<TaskCompletionSource<DateTimeOffset>> abandoned;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _waiters];
            _waiters.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(HostLeaseEnforcer), "The silo is shutting down."));
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                Pump(_time.GetUtcNow());
            }
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<DateTimeOffset>> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                // Granted already: the caller gets its turn and releases it.
                return;
            }

            _waiters.Remove(node);
            node.Value.TrySetCanceled(cancellationToken);
            Pump(_time.GetUtcNow());
        }
    }

    /// <summary>Grants turns from the head of the queue while they are due; otherwise sets the timer for the head's.</summary>
    private void Pump(DateTimeOffset now)
    {
        if (_disposed)
        {
            return;
        }

        while (_waiters.First is { } head && _inFlight < _limit)
        {
            var due = EarliestTurn();
            if (due > now)
            {
                if (due != DateTimeOffset.MaxValue)
                {
                    _timer.Change(due - now, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            _waiters.RemoveFirst();
            Grant(now);
            head.Value.TrySetResult(now);
        }

        // Waiting for a slot (a release pumps) or for nobody.
    }

    private DateTimeOffset EarliestTurn()
    {
        var rate = _adaptiveRate.Rate;
        if (rate <= 0)
        {
            return DateTimeOffset.MaxValue;
        }

        var interval = TimeSpan.FromSeconds(1 / rate);
        var burst = Math.Max(1, rate * BurstSeconds);
        var tolerance = interval * (burst - 1);
        var due = _nextArrival == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _nextArrival - tolerance;
        return Later(due, _pausedUntil);
    }

    private void Grant(DateTimeOffset now)
    {
        _inFlight++;
        _nextArrival = Later(_nextArrival, now) + TimeSpan.FromSeconds(1 / _adaptiveRate.Rate);
        _sent.Add(now);
    }

    /// <summary>A faster rate applies from the next turn on, not only once the slower one's next turn has come.</summary>
    private void SetRate(double rate)
    {
        var faster = rate > _adaptiveRate.Rate;
        _adaptiveRate.Rate = rate;
        if (faster && _nextArrival != DateTimeOffset.MinValue)
        {
            var soonest = _time.GetUtcNow() + TimeSpan.FromSeconds(1 / rate);
            if (_nextArrival > soonest)
            {
                _nextArrival = soonest;
            }
        }
    }

    private RecentAnswerCounts Recent(DateTimeOffset now) =>
        new(_sent.Count(now), _answered.Count(now), _throttled.Count(now), _history.Answers, _history.Refusals);

    private void NoteDemand() => _peakDemand = Math.Max(_peakDemand, _inFlight + _waiters.Count);

    private double CappedByCrawlDelay(double rate) =>
        _crawlDelay is { } delay ? Math.Min(rate, 1 / delay.TotalSeconds) : rate;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
