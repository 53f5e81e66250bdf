using Ingestion.Politeness.HostLimits;

namespace Ingestion.UnitTests.Politeness.HostLimits;

/// <summary>How a host's rate answers 429s and 503s: which refusals cut, by how much, and how it comes back.</summary>
public sealed class AdaptiveHostRateTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HostLimitOptions _options = new();
    private DateTimeOffset _now = Start;

    private AdaptiveHostRate Adaptive(double rate = 1000, double minRate = 1) => new(_options, maxRate: rate, minRate, Start);

    private bool Refused(AdaptiveHostRate adaptive, RecentAnswerCounts recent, bool senderSawLastCut = true) =>
        adaptive.OnRefusal(_now, sentAt: _now, senderSawLastCut, recent);

    private void Advance(double seconds) => _now += TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_first_refusal_cuts_what_was_really_being_sent_rather_than_an_unused_ceiling()
    {
        var adaptive = Adaptive(rate: 2000);

        Assert.True(Refused(adaptive, new RecentAnswerCounts(Sent: 200, Accepted: 190, Refused: 10)));

        Assert.Equal(140, adaptive.Rate, precision: 6);
        Assert.Equal(_now, adaptive.LastCutAt);
    }

    [Fact]
    public void With_few_answers_to_go_by_a_refusal_cuts_the_rate_itself()
    {
        // One 503 among three requests says nothing about the host's capacity: it must not collapse the rate to 2.
        var adaptive = Adaptive(rate: 2000);

        Refused(adaptive, new RecentAnswerCounts(Sent: 3, Accepted: 2, Refused: 1));

        Assert.Equal(1400, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void Refusals_of_requests_sent_within_a_second_of_the_last_cut_do_not_cut_again()
    {
        var adaptive = Adaptive();
        var sentBeforeTheCut = _now;
        Advance(0.01);
        Refused(adaptive, new RecentAnswerCounts(0, 0, 1));

        Assert.False(adaptive.OnRefusal(_now, sentBeforeTheCut, senderSawLastCut: true, new RecentAnswerCounts(0, 0, 2)));
        Advance(0.99);
        Assert.False(Refused(adaptive, new RecentAnswerCounts(0, 0, 3)));
        Advance(0.02);
        Assert.True(Refused(adaptive, new RecentAnswerCounts(0, 0, 4)));
        Assert.Equal(490, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void A_refusal_from_a_sender_not_yet_held_to_the_last_cut_does_not_cut_again()
    {
        var adaptive = Adaptive();
        Refused(adaptive, new RecentAnswerCounts(0, 0, 1));
        Advance(2);

        Assert.False(Refused(adaptive, new RecentAnswerCounts(0, 0, 1), senderSawLastCut: false));
        Assert.Equal(700, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void A_host_at_a_limit_of_its_own_gets_just_under_what_it_accepted_at_once_once_watched_for_a_second()
    {
        var adaptive = Adaptive(rate: 1000);
        var overwhelmed = new RecentAnswerCounts(Sent: 400, Accepted: 40, Refused: 360);

        // In the first second a burst can look like anything: only the multiplicative cut, of the 400 sent.
        Refused(adaptive, overwhelmed);
        Assert.Equal(280, adaptive.Rate, precision: 6);

        Advance(1);
        Assert.True(Refused(adaptive, overwhelmed));
        Assert.Equal(36, adaptive.Rate, precision: 6);

        // Not again and again: the rate is now under twice what it accepts.
        Advance(0.1);
        Assert.False(Refused(adaptive, new RecentAnswerCounts(Sent: 36, Accepted: 20, Refused: 30)));
        Assert.Equal(36, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void A_host_that_refuses_a_share_whatever_the_rate_is_not_cut_again_while_cutting_does_not_help()
    {
        var adaptive = Adaptive(rate: 100);
        var aQuarter = new RecentAnswerCounts(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(adaptive, aQuarter);
        Assert.Equal(70, adaptive.Rate, precision: 6);

        // Refusals go on, a quarter of the answers as before the cut: the cut did not help, so no more.
        for (var i = 0; i < 10; i++)
        {
            Advance(0.5);
            Refused(adaptive, aQuarter with { Sent = 70 });
        }

        Assert.Equal(70, adaptive.Rate, precision: 6);

        // Most requests refused: cut.
        Advance(0.5);
        Assert.True(Refused(adaptive, new RecentAnswerCounts(Sent: 70, Accepted: 40, Refused: 45, LastAnswers: 20, LastRefusals: 11)));
        Assert.Equal(49, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void Enough_answers_in_a_row_without_a_refusal_end_the_episode_and_the_next_refusal_cuts_again()
    {
        var adaptive = Adaptive(rate: 100);
        var aQuarter = new RecentAnswerCounts(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(adaptive, aQuarter);
        Advance(1.5);
        Assert.False(Refused(adaptive, aQuarter with { Sent = 70 }));

        adaptive.Observe(new RecentAnswerCounts(Sent: 70, Accepted: 70, Refused: 0, LastAnswers: 20, LastRefusals: 0));
        Advance(0.5);

        Assert.True(Refused(adaptive, aQuarter with { Sent = 70 }));
        Assert.Equal(49, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void A_pause_without_answers_does_not_end_the_episode()
    {
        var adaptive = Adaptive(rate: 100);
        var aQuarter = new RecentAnswerCounts(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(adaptive, aQuarter);

        // A Retry-After kept everything back for a few seconds: nothing was answered, so nothing was learnt.
        Advance(3);
        adaptive.Observe(new RecentAnswerCounts(0, 0, 0, LastAnswers: 20, LastRefusals: 5));

        Assert.False(Refused(adaptive, new RecentAnswerCounts(Sent: 4, Accepted: 3, Refused: 1, LastAnswers: 20, LastRefusals: 5)));
        Assert.Equal(70, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void Once_cut_the_rate_itself_is_cut_however_little_was_sent()
    {
        var adaptive = Adaptive(rate: 100);
        Refused(adaptive, new RecentAnswerCounts(Sent: 100, Accepted: 90, Refused: 10, LastAnswers: 20, LastRefusals: 2));
        adaptive.Observe(new RecentAnswerCounts(Sent: 70, Accepted: 70, Refused: 0, LastAnswers: 20, LastRefusals: 0));
        Advance(2);

        Refused(adaptive, new RecentAnswerCounts(Sent: 12, Accepted: 11, Refused: 1, LastAnswers: 20, LastRefusals: 1));

        Assert.Equal(49, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void A_shrinking_share_of_refusals_shows_the_cut_helped_and_cutting_goes_on()
    {
        var adaptive = Adaptive(rate: 100);
        Refused(adaptive, new RecentAnswerCounts(Sent: 100, Accepted: 60, Refused: 40, LastAnswers: 20, LastRefusals: 8));
        Advance(0.5);
        Refused(adaptive, new RecentAnswerCounts(Sent: 70, Accepted: 55, Refused: 25, LastAnswers: 20, LastRefusals: 5));
        Advance(0.6);

        Assert.True(Refused(adaptive, new RecentAnswerCounts(Sent: 70, Accepted: 60, Refused: 10, LastAnswers: 20, LastRefusals: 2)));
        Assert.Equal(49, adaptive.Rate, precision: 6);
    }

    [Fact]
    public void Cuts_stop_at_the_minimum_rate()
    {
        var adaptive = Adaptive(rate: 10, minRate: 2);
        for (var i = 0; i < 20; i++)
        {
            Advance(1.5);
            Refused(adaptive, new RecentAnswerCounts(0, 0, 1));
        }

        Assert.Equal(2, adaptive.Rate);
    }

    [Fact]
    public void The_rate_comes_back_by_a_share_of_what_it_was_at_the_cut_each_second_while_it_is_used()
    {
        _options.RecoveryPerSecond = 0.05;
        var adaptive = Adaptive(rate: 100);
        Refused(adaptive, new RecentAnswerCounts(Sent: 100, Accepted: 99, Refused: 1));
        Assert.Equal(70, adaptive.Rate, precision: 6);

        adaptive.Recover(elapsedSeconds: 2, sentLastSecond: 70);
        Assert.Equal(80, adaptive.Rate, precision: 6);

        adaptive.Recover(elapsedSeconds: 2, sentLastSecond: 30);
        Assert.Equal(80, adaptive.Rate, precision: 6);

        adaptive.Recover(elapsedSeconds: 60, sentLastSecond: 80);
        Assert.Equal(100, adaptive.Rate, precision: 6);
    }
}
