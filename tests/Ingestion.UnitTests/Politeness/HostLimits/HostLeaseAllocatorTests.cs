using Ingestion.Grains;
using Ingestion.Politeness.HostLimits;

namespace Ingestion.UnitTests.Politeness.HostLimits;

/// <summary>The host gate's decisions: strict concurrency shares, demand-weighted rates, and the AIMD rate.</summary>
public sealed class HostLeaseAllocatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HostLimitOptions _options = new();
    private DateTimeOffset _now = Start;

    private HostLeaseAllocator Allocator(int concurrency = 8, double rate = 100, double minRate = 1) =>
        new(new ResolvedHostLimits(concurrency, rate, minRate), _options, _now);

    private static HostLeaseRequest Report(
        string silo, int demand = 0, int inFlight = 0, int applied = 0, int sent = 0, int answered = 0, int throttled = 0, int lastAnswers = 0) => new()
    {
        Silo = silo,
        Demand = demand,
        InFlight = inFlight,
        Applied = applied,
        SentLastSecond = sent,
        AnsweredLastSecond = answered,
        ThrottledLastSecond = throttled,
        RecentAnswers = lastAnswers,
    };

    private void Advance(double seconds) => _now += TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_lone_silo_gets_what_it_wants_and_half_the_rest_with_the_other_half_kept_for_a_newcomer()
    {
        var allocator = Allocator(concurrency: 128);

        var lease = allocator.Renew(Report("a", demand: 64), _now);

        Assert.Equal(96, lease.MaxConcurrentRequests);
        Assert.Equal(100, lease.RequestsPerSecond);
        Assert.Equal(_options.RenewalPeriod, lease.RenewAfter);
        Assert.Equal(_options.LeaseDuration, lease.ValidFor);
    }

    [Fact]
    public void A_newcomer_gets_room_at_once_from_what_was_kept()
    {
        var allocator = Allocator(concurrency: 128);
        allocator.Renew(Report("a", demand: 64), _now);

        var lease = allocator.Renew(Report("b", demand: 1), _now);

        // b's fair target is its 1 and a third of the 63 nobody wants; a holds 96, so 32 are free now.
        Assert.Equal(22, lease.MaxConcurrentRequests);
    }

    [Fact]
    public void Concurrency_is_shared_by_max_min_fairness_over_demand()
    {
        var allocator = Allocator(concurrency: 16);
        allocator.Renew(Report("a", demand: 2), _now);
        allocator.Renew(Report("b", demand: 20), _now);
        // a holds its first grant (2 + half of 14 = 9) until it renews having applied the smaller one.
        allocator.Renew(Report("a", demand: 2, applied: 9), _now);
        var a = allocator.Renew(Report("a", demand: 2, applied: 2), _now);

        var b = allocator.Renew(Report("b", demand: 20, applied: 7), _now);

        Assert.Equal(2, a.MaxConcurrentRequests);
        Assert.Equal(14, b.MaxConcurrentRequests);
    }

    [Fact]
    public void A_share_moves_to_another_silo_only_once_its_holder_has_shed_it()
    {
        var allocator = Allocator(concurrency: 8);
        Assert.Equal(8, allocator.Renew(Report("a", demand: 10), _now).MaxConcurrentRequests);

        var starved = allocator.Renew(Report("b", demand: 10), _now);
        Assert.Equal(0, starved.MaxConcurrentRequests);
        Assert.Equal(_options.RenewalPeriod / 4, starved.RenewAfter);

        // a learns its share is 4 but still has 8 in flight: b waits.
        Assert.Equal(4, allocator.Renew(Report("a", demand: 10, inFlight: 8, applied: 8), _now).MaxConcurrentRequests);
        Assert.Equal(0, allocator.Renew(Report("b", demand: 10), _now).MaxConcurrentRequests);

        // a has shed the excess: b gets its half.
        allocator.Renew(Report("a", demand: 10, inFlight: 4, applied: 4), _now);
        Assert.Equal(4, allocator.Renew(Report("b", demand: 10), _now).MaxConcurrentRequests);
        Assert.Equal(8, allocator.Committed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void However_silos_come_and_go_they_never_have_more_in_flight_together_than_the_limit(int seed)
    {
        const int limit = 12;
        var random = new Random(seed);
        var allocator = Allocator(concurrency: limit);
        var silos = Enumerable.Range(0, 4).Select(i => new SimulatedSilo($"silo-{i}")).ToList();
        for (var step = 0; step < 5_000; step++)
        {
            var silo = silos[random.Next(silos.Count)];
            switch (random.Next(4))
            {
                case 0:
                    silo.Renew(allocator, _now, demand: random.Next(0, 20));
                    break;
                case 1:
                    silo.Start(random.Next(1, 5));
                    break;
                case 2:
                    silo.Finish(random.Next(1, 5));
                    break;
                default:
                    Advance(0.1);
                    foreach (var late in silos.Where(s => s.RenewedAt < _now.AddSeconds(-1)))
                    {
                        // Silos renew about once a second; a lapsed lease is another story (see HostLeaseEnforcer.FallBack).
                        late.Renew(allocator, _now, demand: random.Next(0, 20));
                    }

                    break;
            }

            Assert.True(silos.Sum(s => s.InFlight) <= limit, $"step {step}: {silos.Sum(s => s.InFlight)} in flight");
            Assert.True(allocator.Committed <= limit, $"step {step}: {allocator.Committed} committed");
        }
    }

    [Fact]
    public void The_rate_is_shared_in_proportion_to_demand()
    {
        var allocator = Allocator(concurrency: 100, rate: 100);
        allocator.Renew(Report("a", demand: 9), _now);

        var b = allocator.Renew(Report("b", demand: 39), _now);

        Assert.Equal(80, b.RequestsPerSecond, precision: 6);
        Assert.Equal(20, allocator.Renew(Report("a", demand: 9), _now).RequestsPerSecond, precision: 6);
    }

    [Fact]
    public void Throttling_cuts_what_the_silos_were_really_sending()
    {
        var allocator = Allocator(rate: 1000);
        allocator.Renew(Report("a", demand: 16), _now);
        allocator.Renew(Report("b", demand: 16, sent: 30, answered: 30), _now);
        Advance(0.05);

        var lease = allocator.Renew(Report("a", demand: 16, sent: 26, answered: 10, throttled: 16) with { ThrottledRequestSentAt = _now }, _now);

        // 56 a second were sent, not the 1000 allowed: 0.7 × 56.
        Assert.Equal(39.2, allocator.Rate, precision: 6);
        Assert.Equal(19.6, lease.RequestsPerSecond, precision: 6);
    }

    [Fact]
    public void A_host_at_a_limit_of_its_own_is_cut_to_just_under_what_it_accepted()
    {
        var allocator = Allocator(rate: 1000);
        allocator.Renew(Report("a", demand: 8), _now);
        allocator.Renew(Report("b", demand: 8), _now);
        Advance(1.05);

        // Together the silos had 40 accepted and 45 refused in the last second: the host allows about 40 a second.
        allocator.Renew(Report("b", demand: 8, sent: 40, answered: 20, throttled: 20), _now);
        allocator.Renew(Report("a", demand: 8, sent: 50, answered: 20, throttled: 25) with { ThrottledRequestSentAt = _now }, _now);

        Assert.Equal(36, allocator.Rate, precision: 6);
    }

    [Fact]
    public void A_few_refusals_never_collapse_the_rate()
    {
        var allocator = Allocator(rate: 1000);
        allocator.Renew(Report("a", demand: 1), _now);
        Advance(0.05);

        allocator.Renew(Report("a", demand: 1, sent: 3, answered: 1, throttled: 2) with { ThrottledRequestSentAt = _now }, _now);

        Assert.Equal(700, allocator.Rate, precision: 6);
    }

    [Fact]
    public void Only_a_refusal_the_host_had_its_chance_to_avoid_cuts_again()
    {
        var allocator = Allocator(rate: 100);
        allocator.Renew(Report("a", demand: 8), _now);
        allocator.Renew(Report("b", demand: 8), _now);
        Advance(0.5);
        allocator.Renew(Report("a", demand: 8, sent: 100, answered: 99, throttled: 1) with { ThrottledRequestSentAt = _now }, _now);
        var cut = allocator.Rate;
        Assert.Equal(70, cut, precision: 6);

        // Sent within a second of the cut: the host may not have seen the lower rate yet.
        Advance(0.5);
        allocator.Renew(Report("a", demand: 8, sent: 70, answered: 69, throttled: 1) with { ThrottledRequestSentAt = _now }, _now);
        Assert.Equal(cut, allocator.Rate);

        // Sent well after the cut, but by a silo that had not had a lease with the cut in it yet.
        Advance(1.1);
        allocator.Renew(Report("b", demand: 8, sent: 70, answered: 69, throttled: 1) with { ThrottledRequestSentAt = _now }, _now);
        Assert.Equal(cut, allocator.Rate);

        // A quiet second (many answers, no refusal) ends the episode; throttled again by a silo held to the cut: cut again.
        Advance(1.1);
        allocator.Renew(Report("b", demand: 8, sent: 70, answered: 70, lastAnswers: 20), _now);
        allocator.Renew(Report("a", demand: 8, sent: 70, answered: 70, lastAnswers: 20), _now);
        var before = allocator.Rate;
        allocator.Renew(Report("a", demand: 8, sent: 70, answered: 69, throttled: 1) with { ThrottledRequestSentAt = _now }, _now);
        Assert.Equal(before * 0.7, allocator.Rate, precision: 6);
    }

    [Fact]
    public void A_healthy_host_regains_its_rate_gradually_while_it_is_used()
    {
        _options.RecoveryPerSecond = 0.05;
        var allocator = Allocator(rate: 100);
        allocator.Renew(Report("a", demand: 8, sent: 100, answered: 100), _now);
        Advance(0.1);
        allocator.Renew(Report("a", demand: 8, sent: 100, answered: 100) with { ThrottledRequestSentAt = _now }, _now);
        Assert.Equal(70, allocator.Rate, precision: 6);

        // 5% of the 100 before the cut per healthy second, while at least half the rate is used.
        Advance(2);
        allocator.Renew(Report("a", demand: 8, sent: 70, answered: 70), _now);
        Assert.Equal(80, allocator.Rate, precision: 6);

        Advance(2);
        allocator.Renew(Report("a", demand: 8, sent: 10, answered: 10), _now);
        Assert.Equal(80, allocator.Rate, precision: 6);

        Advance(60);
        allocator.Renew(Report("a", demand: 8, sent: 80, answered: 80), _now);
        Assert.Equal(100, allocator.Rate, precision: 6);
    }

    [Fact]
    public void The_rate_is_never_cut_below_the_minimum()
    {
        var allocator = Allocator(rate: 10, minRate: 2);
        for (var i = 0; i < 20; i++)
        {
            Advance(1.1);
            allocator.Renew(Report("a", demand: 8, sent: 10) with { ThrottledRequestSentAt = _now }, _now);
        }

        Assert.Equal(2, allocator.Rate);
    }

    [Fact]
    public void Retry_after_pauses_every_silo_up_to_the_maximum_pause()
    {
        _options.MaxPause = TimeSpan.FromSeconds(30);
        var allocator = Allocator();
        allocator.Renew(Report("a", demand: 1), _now);
        allocator.Renew(Report("a", demand: 1) with { ThrottledRequestSentAt = _now, PauseUntil = _now.AddHours(1) }, _now);

        var other = allocator.Renew(Report("b", demand: 1), _now);

        Assert.Equal(_now.AddSeconds(30), other.PausedUntil);
        Advance(31);
        Assert.Null(allocator.Renew(Report("b", demand: 1), _now).PausedUntil);
    }

    [Fact]
    public void A_silo_that_stops_renewing_loses_its_share()
    {
        var allocator = Allocator(concurrency: 8);
        allocator.Renew(Report("a", demand: 8), _now);
        Assert.Equal(0, allocator.Renew(Report("b", demand: 8), _now).MaxConcurrentRequests);

        Advance(_options.LeaseDuration.TotalSeconds + 0.1);

        Assert.Equal(8, allocator.Renew(Report("b", demand: 8), _now).MaxConcurrentRequests);
        Assert.Equal("b", Assert.Single(allocator.Silos));
    }

    [Fact]
    public void A_released_share_is_free_at_once()
    {
        var allocator = Allocator(concurrency: 8);
        allocator.Renew(Report("a", demand: 8), _now);

        allocator.Release("a");

        Assert.Equal(8, allocator.Renew(Report("b", demand: 8), _now).MaxConcurrentRequests);
    }

    [Fact]
    public void The_longest_crawl_delay_a_silo_read_caps_the_rate()
    {
        var allocator = Allocator(rate: 100);
        allocator.Renew(Report("a", demand: 1) with { CrawlDelay = TimeSpan.FromSeconds(2) }, _now);

        var lease = allocator.Renew(Report("b", demand: 1), _now);

        Assert.Equal(0.5, allocator.EffectiveRate, precision: 6);
        Assert.Equal(0.25, lease.RequestsPerSecond, precision: 6);
    }

    /// <summary>A silo that keeps to its lease the way <see cref="HostLeaseEnforcer"/> does.</summary>
    private sealed class SimulatedSilo(string id)
    {
        public int InFlight { get; private set; }

        public DateTimeOffset RenewedAt { get; private set; } = HostLeaseAllocatorTests.Start;

        private int Applied { get; set; }

        public void Renew(HostLeaseAllocator allocator, DateTimeOffset now, int demand)
        {
            var lease = allocator.Renew(Report(id, demand: demand, inFlight: InFlight, applied: Applied), now);
            Applied = lease.MaxConcurrentRequests;
            RenewedAt = now;
        }

        public void Start(int requests) => InFlight = Math.Max(InFlight, Math.Min(Applied, InFlight + requests));

        public void Finish(int requests) => InFlight = Math.Max(0, InFlight - requests);
    }
}
