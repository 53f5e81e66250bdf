using Ingestion.Grains;
using Ingestion.Politeness.HostLimits;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.UnitTests.Politeness.HostLimits;

/// <summary>The silo's local enforcement of a host lease: slots, the token bucket, pauses and the immediate cut.</summary>
public sealed class HostLeaseEnforcerTests : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly HostLimitOptions _options = new();
    private readonly HostLeaseEnforcer _enforcer;

    public HostLeaseEnforcerTests() => _enforcer = new HostLeaseEnforcer(_clock, _options, minRate: 1);

    public void Dispose() => _enforcer.Dispose();

    private static HostLease Lease(int concurrency, double rate, DateTimeOffset? pausedUntil = null) => new()
    {
        MaxConcurrentRequests = concurrency,
        RequestsPerSecond = rate,
        PausedUntil = pausedUntil,
        RenewAfter = TimeSpan.FromSeconds(1),
        ValidFor = TimeSpan.FromSeconds(5),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Task<DateTimeOffset?> Acquire() => _enforcer.AcquireAsync(Cancellation).AsTask();

    private Task<DateTimeOffset?> AcquireUntil(CancellationToken cancellation) => _enforcer.AcquireAsync(cancellation).AsTask();

    /// <summary>Turns are granted on a timer's thread and completed asynchronously: give them a moment to show.</summary>
    private static async Task AssertStillWaiting(Task task)
    {
        await Task.Delay(50, Cancellation);
        Assert.False(task.IsCompleted, "the request went ahead");
    }

    [Fact]
    public async Task Nothing_goes_before_the_first_lease()
    {
        var waiting = Acquire();
        await AssertStillWaiting(waiting);
        Assert.Equal(0, _enforcer.Limit);

        _enforcer.Apply(Lease(4, 100), _clock.GetUtcNow());

        Assert.Equal(_clock.GetUtcNow(), await waiting.WaitAsync(Settle, Cancellation));
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_wait_for_a_release_in_order()
    {
        _enforcer.Apply(Lease(2, 1000), _clock.GetUtcNow());
        await Acquire();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Acquire();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var third = Acquire();
        var fourth = Acquire();
        await AssertStillWaiting(third);

        _enforcer.Release();

        await third.WaitAsync(Settle, Cancellation);
        await AssertStillWaiting(fourth);
        Assert.Equal(2, _enforcer.InFlight);
        Assert.Equal(1, _enforcer.Waiting);
    }

    [Fact]
    public async Task The_rate_spaces_requests_out_after_a_small_burst()
    {
        // 10 per second: a burst of one (a tenth of a second's worth), then one every 100 ms.
        _enforcer.Apply(Lease(100, 10), _clock.GetUtcNow());
        var start = _clock.GetUtcNow();
        Assert.Equal(start, await Acquire());
        var second = Acquire();
        var third = Acquire();
        await AssertStillWaiting(second);

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        await AssertStillWaiting(second);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(start.AddMilliseconds(100), await second.WaitAsync(Settle, Cancellation));
        await AssertStillWaiting(third);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(start.AddMilliseconds(200), await third.WaitAsync(Settle, Cancellation));
    }

    [Fact]
    public async Task A_fast_rate_allows_a_burst_of_a_tenth_of_a_second()
    {
        _enforcer.Apply(Lease(1000, 1000), _clock.GetUtcNow());

        for (var i = 0; i < 100; i++)
        {
            Assert.True(Acquire().IsCompletedSuccessfully, $"request {i} had to wait");
        }

        await AssertStillWaiting(Acquire());
    }

    [Fact]
    public async Task A_raised_rate_lets_waiting_requests_go_sooner()
    {
        _enforcer.Apply(Lease(10, 0.5), _clock.GetUtcNow());
        await Acquire();
        var second = Acquire();
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await AssertStillWaiting(second);

        _enforcer.Apply(Lease(10, 100), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMilliseconds(10));

        await second.WaitAsync(Settle, Cancellation);
    }

    [Fact]
    public async Task Renewing_the_same_lease_again_and_again_lets_no_request_through_early()
    {
        // 30 a second: a burst of three, then one every 33 ms.
        _enforcer.Apply(Lease(100, 30), _clock.GetUtcNow());
        await Acquire();
        await Acquire();
        await Acquire();
        var fourth = Acquire();

        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            _enforcer.Apply(Lease(100, 30), _clock.GetUtcNow());
        }

        await AssertStillWaiting(fourth);
        _clock.Advance(TimeSpan.FromMilliseconds(4));
        await fourth.WaitAsync(Settle, Cancellation);
    }

    [Fact]
    public void Throttling_cuts_the_rate_at_once()
    {
        _enforcer.Apply(Lease(100, 1000), _clock.GetUtcNow());

        var renewNow = _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: null);

        Assert.True(renewNow);
        Assert.Equal(700, _enforcer.Rate, precision: 6);
    }

    [Fact]
    public void Throttling_of_requests_sent_within_a_second_of_the_last_cut_does_not_cut_again()
    {
        _enforcer.Apply(Lease(100, 1000), _clock.GetUtcNow());
        var earlier = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        _enforcer.OnAnswered(earlier, throttled: true, retryAfter: null);
        var afterFirstCut = _enforcer.Rate;

        _enforcer.OnAnswered(earlier, throttled: true, retryAfter: null);
        _clock.Advance(TimeSpan.FromMilliseconds(990));
        _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: null);
        Assert.Equal(afterFirstCut, _enforcer.Rate);

        _clock.Advance(TimeSpan.FromMilliseconds(20));
        _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: null);
        Assert.Equal(afterFirstCut * 0.7, _enforcer.Rate, precision: 6);
    }

    [Fact]
    public void A_cut_never_goes_below_the_minimum_rate()
    {
        _enforcer.Apply(Lease(100, 2), _clock.GetUtcNow());
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: null);
        }

        Assert.Equal(1, _enforcer.Rate);
    }

    [Fact]
    public async Task Retry_after_pauses_the_host_but_no_longer_than_the_maximum_pause()
    {
        _options.MaxPause = TimeSpan.FromSeconds(3);
        _enforcer.Apply(Lease(100, 1000), _clock.GetUtcNow());
        _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: TimeSpan.FromSeconds(60));
        var paused = Acquire();

        _clock.Advance(TimeSpan.FromSeconds(2.9));
        await AssertStillWaiting(paused);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        await paused.WaitAsync(Settle, Cancellation);
        Assert.NotNull(_enforcer.TakeReport("silo").PauseUntil);
    }

    [Fact]
    public async Task A_pause_in_the_lease_holds_requests_back()
    {
        _enforcer.Apply(Lease(10, 1000, pausedUntil: _clock.GetUtcNow().AddSeconds(2)), _clock.GetUtcNow());
        var paused = Acquire();
        await AssertStillWaiting(paused);

        _clock.Advance(TimeSpan.FromSeconds(2));

        await paused.WaitAsync(Settle, Cancellation);
    }

    [Fact]
    public void A_lease_asked_for_before_a_local_cut_does_not_undo_it()
    {
        _enforcer.Apply(Lease(10, 100), _clock.GetUtcNow());
        var requestedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: null);
        var cut = _enforcer.Rate;

        _enforcer.Apply(Lease(10, 100), requestedAt);
        Assert.Equal(cut, _enforcer.Rate);

        _enforcer.Apply(Lease(10, 50), _clock.GetUtcNow());
        Assert.Equal(50, _enforcer.Rate);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_place_to_the_next()
    {
        _enforcer.Apply(Lease(1, 1000), _clock.GetUtcNow());
        await Acquire();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var cancelled = AcquireUntil(cancel.Token);
        var next = Acquire();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Settle, Cancellation));
        _enforcer.Release();

        await next.WaitAsync(Settle, Cancellation);
        Assert.Equal(1, _enforcer.InFlight);
    }

    [Fact]
    public async Task The_report_tells_peak_demand_and_each_throttle_once()
    {
        _enforcer.Apply(Lease(2, 1000), _clock.GetUtcNow());
        await Acquire();
        await Acquire();
        var third = Acquire();
        var sentAt = _clock.GetUtcNow();
        _enforcer.OnAnswered(sentAt, throttled: true, retryAfter: null);
        _enforcer.OnAnswered(sentAt, throttled: false, retryAfter: null);

        var report = _enforcer.TakeReport("silo-a");

        Assert.Equal("silo-a", report.Silo);
        Assert.Equal(3, report.Demand);
        Assert.Equal(2, report.InFlight);
        Assert.Equal(2, report.Applied);
        Assert.Equal(2, report.SentLastSecond);
        Assert.Equal(1, report.AnsweredLastSecond);
        Assert.Equal(1, report.ThrottledLastSecond);
        Assert.Equal(2, report.RecentAnswers);
        Assert.Equal(1, report.RecentRefusals);
        Assert.Equal(sentAt, report.ThrottledRequestSentAt);
        Assert.Null(_enforcer.TakeReport("silo-a").ThrottledRequestSentAt);
        _enforcer.Release();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(Settle, Cancellation);
    }

    [Fact]
    public void A_report_that_did_not_reach_the_gate_is_put_back()
    {
        _enforcer.OnAnswered(_clock.GetUtcNow(), throttled: true, retryAfter: TimeSpan.FromSeconds(1));
        var lost = _enforcer.TakeReport("silo");

        _enforcer.PutBack(lost);

        var again = _enforcer.TakeReport("silo");
        Assert.Equal(lost.ThrottledRequestSentAt, again.ThrottledRequestSentAt);
        Assert.Equal(lost.PauseUntil, again.PauseUntil);
    }

    [Fact]
    public async Task Much_more_demand_than_reported_asks_for_an_early_renewal()
    {
        _enforcer.Apply(Lease(1, 1000), _clock.GetUtcNow());
        _enforcer.TakeReport("silo");
        Assert.False(_enforcer.WantsEarlyRenewal);

        await Acquire();
        var waiting = new[] { Acquire(), Acquire() };

        Assert.True(_enforcer.WantsEarlyRenewal);
        _enforcer.TakeReport("silo");
        Assert.False(_enforcer.WantsEarlyRenewal);
        _enforcer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Task.WhenAll(waiting));
    }

    [Fact]
    public async Task A_cut_lease_is_acknowledged_early_once_the_excess_has_drained()
    {
        _enforcer.Apply(Lease(3, 1000), _clock.GetUtcNow());
        await Acquire();
        await Acquire();
        await Acquire();
        _enforcer.TakeReport("silo");

        _enforcer.Apply(Lease(1, 1000), _clock.GetUtcNow());
        Assert.False(_enforcer.WantsEarlyRenewal);
        _enforcer.Release();
        _enforcer.Release();

        Assert.True(_enforcer.WantsEarlyRenewal);
    }

    [Fact]
    public void Crawl_delay_caps_the_rate()
    {
        _enforcer.SetCrawlDelay(TimeSpan.FromSeconds(4));
        _enforcer.Apply(Lease(10, 100), _clock.GetUtcNow());

        Assert.Equal(0.25, _enforcer.Rate);
        Assert.Equal(TimeSpan.FromSeconds(4), _enforcer.TakeReport("silo").CrawlDelay);
    }

    [Fact]
    public async Task Without_a_gate_one_request_goes_at_a_time()
    {
        _enforcer.Apply(Lease(10, 100), _clock.GetUtcNow());
        _enforcer.FallBack();
        Assert.Equal(1, _enforcer.Limit);
        Assert.Equal(100, _enforcer.Rate);
        await Acquire();
        var second = Acquire();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await AssertStillWaiting(second);

        _enforcer.Release();

        await second.WaitAsync(Settle, Cancellation);
    }

    [Fact]
    public async Task An_idle_enforcer_retires_and_then_turns_requests_away()
    {
        _enforcer.Apply(Lease(1, 1000), _clock.GetUtcNow());
        await Acquire();
        Assert.False(_enforcer.TryRetire(TimeSpan.FromSeconds(10)));
        _enforcer.Release();
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(_enforcer.TryRetire(TimeSpan.FromSeconds(10)));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_enforcer.TryRetire(TimeSpan.FromSeconds(10)));
        Assert.Null(await Acquire());
    }
}
