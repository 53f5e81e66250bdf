using Ingestion.Politeness;

namespace Ingestion.UnitTests;

/// <summary>How a host's rate answers 429s and 503s: which refusals cut, by how much, and how it comes back.</summary>
public sealed class HostLimitThrottleControlTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HostLimitOptions _options = new();
    private DateTimeOffset _now = Start;

    private ThrottleControl Control(double rate = 1000, double minRate = 1) => new(_options, maxRate: rate, minRate, Start);

    private bool Refused(ThrottleControl control, RecentAnswers recent, bool senderSawLastCut = true) =>
        control.OnRefusal(_now, sentAt: _now, senderSawLastCut, recent);

    private void Advance(double seconds) => _now += TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_first_refusal_cuts_what_was_really_being_sent_rather_than_an_unused_ceiling()
    {
        var control = Control(rate: 2000);

        Assert.True(Refused(control, new RecentAnswers(Sent: 200, Accepted: 190, Refused: 10)));

        Assert.Equal(140, control.Rate, precision: 6);
        Assert.Equal(_now, control.LastCutAt);
    }

    [Fact]
    public void With_few_answers_to_go_by_a_refusal_cuts_the_rate_itself()
    {
        // One 503 among three requests says nothing about the host's capacity: it must not collapse the rate to 2.
        var control = Control(rate: 2000);

        Refused(control, new RecentAnswers(Sent: 3, Accepted: 2, Refused: 1));

        Assert.Equal(1400, control.Rate, precision: 6);
    }

    [Fact]
    public void Refusals_of_requests_sent_within_a_second_of_the_last_cut_do_not_cut_again()
    {
        var control = Control();
        var sentBeforeTheCut = _now;
        Advance(0.01);
        Refused(control, new RecentAnswers(0, 0, 1));

        Assert.False(control.OnRefusal(_now, sentBeforeTheCut, senderSawLastCut: true, new RecentAnswers(0, 0, 2)));
        Advance(0.99);
        Assert.False(Refused(control, new RecentAnswers(0, 0, 3)));
        Advance(0.02);
        Assert.True(Refused(control, new RecentAnswers(0, 0, 4)));
        Assert.Equal(490, control.Rate, precision: 6);
    }

    [Fact]
    public void A_refusal_from_a_sender_not_yet_held_to_the_last_cut_does_not_cut_again()
    {
        var control = Control();
        Refused(control, new RecentAnswers(0, 0, 1));
        Advance(2);

        Assert.False(Refused(control, new RecentAnswers(0, 0, 1), senderSawLastCut: false));
        Assert.Equal(700, control.Rate, precision: 6);
    }

    [Fact]
    public void A_host_at_a_limit_of_its_own_gets_just_under_what_it_accepted_at_once_once_watched_for_a_second()
    {
        var control = Control(rate: 1000);
        var overwhelmed = new RecentAnswers(Sent: 400, Accepted: 40, Refused: 360);

        // In the first second a burst can look like anything: only the multiplicative cut, of the 400 sent.
        Refused(control, overwhelmed);
        Assert.Equal(280, control.Rate, precision: 6);

        Advance(1);
        Assert.True(Refused(control, overwhelmed));
        Assert.Equal(36, control.Rate, precision: 6);

        // Not again and again: the rate is now under twice what it accepts.
        Advance(0.1);
        Assert.False(Refused(control, new RecentAnswers(Sent: 36, Accepted: 20, Refused: 30)));
        Assert.Equal(36, control.Rate, precision: 6);
    }

    [Fact]
    public void A_host_that_refuses_a_share_whatever_the_rate_is_not_cut_again_while_cutting_does_not_help()
    {
        var control = Control(rate: 100);
        var aQuarter = new RecentAnswers(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(control, aQuarter);
        Assert.Equal(70, control.Rate, precision: 6);

        // Refusals go on, a quarter of the answers as before the cut: the cut did not help, so no more.
        for (var i = 0; i < 10; i++)
        {
            Advance(0.5);
            Refused(control, aQuarter with { Sent = 70 });
        }

        Assert.Equal(70, control.Rate, precision: 6);

        // Most requests refused: cut.
        Advance(0.5);
        Assert.True(Refused(control, new RecentAnswers(Sent: 70, Accepted: 40, Refused: 45, LastAnswers: 20, LastRefusals: 11)));
        Assert.Equal(49, control.Rate, precision: 6);
    }

    [Fact]
    public void Enough_answers_in_a_row_without_a_refusal_end_the_episode_and_the_next_refusal_cuts_again()
    {
        var control = Control(rate: 100);
        var aQuarter = new RecentAnswers(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(control, aQuarter);
        Advance(1.5);
        Assert.False(Refused(control, aQuarter with { Sent = 70 }));

        control.Observe(new RecentAnswers(Sent: 70, Accepted: 70, Refused: 0, LastAnswers: 20, LastRefusals: 0));
        Advance(0.5);

        Assert.True(Refused(control, aQuarter with { Sent = 70 }));
        Assert.Equal(49, control.Rate, precision: 6);
    }

    [Fact]
    public void A_pause_without_answers_does_not_end_the_episode()
    {
        var control = Control(rate: 100);
        var aQuarter = new RecentAnswers(Sent: 100, Accepted: 75, Refused: 25, LastAnswers: 20, LastRefusals: 5);
        Refused(control, aQuarter);

        // A Retry-After kept everything back for a few seconds: nothing was answered, so nothing was learnt.
        Advance(3);
        control.Observe(new RecentAnswers(0, 0, 0, LastAnswers: 20, LastRefusals: 5));

        Assert.False(Refused(control, new RecentAnswers(Sent: 4, Accepted: 3, Refused: 1, LastAnswers: 20, LastRefusals: 5)));
        Assert.Equal(70, control.Rate, precision: 6);
    }

    [Fact]
    public void Once_cut_the_rate_itself_is_cut_however_little_was_sent()
    {
        var control = Control(rate: 100);
        Refused(control, new RecentAnswers(Sent: 100, Accepted: 90, Refused: 10, LastAnswers: 20, LastRefusals: 2));
        control.Observe(new RecentAnswers(Sent: 70, Accepted: 70, Refused: 0, LastAnswers: 20, LastRefusals: 0));
        Advance(2);

        Refused(control, new RecentAnswers(Sent: 12, Accepted: 11, Refused: 1, LastAnswers: 20, LastRefusals: 1));

        Assert.Equal(49, control.Rate, precision: 6);
    }

    [Fact]
    public void A_shrinking_share_of_refusals_shows_the_cut_helped_and_cutting_goes_on()
    {
        var control = Control(rate: 100);
        Refused(control, new RecentAnswers(Sent: 100, Accepted: 60, Refused: 40, LastAnswers: 20, LastRefusals: 8));
        Advance(0.5);
        Refused(control, new RecentAnswers(Sent: 70, Accepted: 55, Refused: 25, LastAnswers: 20, LastRefusals: 5));
        Advance(0.6);

        Assert.True(Refused(control, new RecentAnswers(Sent: 70, Accepted: 60, Refused: 10, LastAnswers: 20, LastRefusals: 2)));
        Assert.Equal(49, control.Rate, precision: 6);
    }

    [Fact]
    public void Cuts_stop_at_the_minimum_rate()
    {
        var control = Control(rate: 10, minRate: 2);
        for (var i = 0; i < 20; i++)
        {
            Advance(1.5);
            Refused(control, new RecentAnswers(0, 0, 1));
        }

        Assert.Equal(2, control.Rate);
    }

    [Fact]
    public void The_rate_comes_back_by_a_share_of_what_it_was_at_the_cut_each_second_while_it_is_used()
    {
        _options.RecoveryPerSecond = 0.05;
        var control = Control(rate: 100);
        Refused(control, new RecentAnswers(Sent: 100, Accepted: 99, Refused: 1));
        Assert.Equal(70, control.Rate, precision: 6);

        control.Recover(elapsedSeconds: 2, sentLastSecond: 70);
        Assert.Equal(80, control.Rate, precision: 6);

        control.Recover(elapsedSeconds: 2, sentLastSecond: 30);
        Assert.Equal(80, control.Rate, precision: 6);

        control.Recover(elapsedSeconds: 60, sentLastSecond: 80);
        Assert.Equal(100, control.Rate, precision: 6);
    }
}
