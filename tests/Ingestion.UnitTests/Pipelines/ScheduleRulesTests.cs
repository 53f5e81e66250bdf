using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class ScheduleRulesTests
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("0 * * * *", null)]
    [InlineData("*/5 * * * *", "Europe/Amsterdam")]
    [InlineData("0 6 * * MON-FRI", "America/New_York")]
    [InlineData("0 0 1 * *", "UTC")]
    public void A_valid_cron_has_no_problems(string cron, string? timeZone)
    {
        Assert.Empty(ScheduleRules.Check(new ScheduleSpec { Cron = cron, TimeZone = timeZone }, MinInterval));
    }

    [Fact]
    public void An_interval_at_least_the_minimum_has_no_problems()
    {
        Assert.Empty(ScheduleRules.Check(new ScheduleSpec { Every = TimeSpan.FromMinutes(15) }, MinInterval));
    }

    [Theory]
    [InlineData("61 * * * *", "Not a standard five-field cron expression")]
    [InlineData("0 0 * * * *", "Not a standard five-field cron expression")]
    [InlineData("every hour", "Not a standard five-field cron expression")]
    [InlineData("0 0 30 2 *", "Never fires")]
    public void A_bad_cron_is_named_with_the_reason(string cron, string reason)
    {
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Cron = cron }, MinInterval));

        Assert.Equal(ScheduleRules.CronField, problem.Field);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_named()
    {
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Cron = "0 * * * *", TimeZone = "Europe/Atlantis" }, MinInterval));

        Assert.Equal(ScheduleRules.TimeZoneField, problem.Field);
        Assert.Contains("Europe/Atlantis", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_that_fires_more_often_than_the_minimum_is_refused()
    {
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Cron = "* * * * *" }, TimeSpan.FromMinutes(5)));

        Assert.Equal(ScheduleRules.CronField, problem.Field);
        Assert.Contains("00:01:00", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_whose_ticks_are_sometimes_close_is_judged_by_its_closest_pair()
    {
        // On the hour and ten past: 10 minutes apart, then 50.
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Cron = "0,10 * * * *" }, TimeSpan.FromMinutes(30)));

        Assert.Contains("00:10:00", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interval_below_the_minimum_is_refused()
    {
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Every = TimeSpan.FromSeconds(10) }, MinInterval));

        Assert.Equal(ScheduleRules.EveryField, problem.Field);
        Assert.Contains("Ingestion:Pipelines:MinInterval", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_needs_exactly_one_of_cron_and_every()
    {
        Assert.Equal(ScheduleRules.EveryField, Assert.Single(ScheduleRules.Check(new ScheduleSpec { Cron = "0 * * * *", Every = TimeSpan.FromHours(1) }, MinInterval)).Field);
        Assert.Equal(ScheduleRules.CronField, Assert.Single(ScheduleRules.Check(new ScheduleSpec(), MinInterval)).Field);
    }

    [Fact]
    public void A_time_zone_with_an_interval_is_refused()
    {
        var problem = Assert.Single(ScheduleRules.Check(new ScheduleSpec { Every = TimeSpan.FromHours(1), TimeZone = "Europe/Amsterdam" }, MinInterval));

        Assert.Equal(ScheduleRules.TimeZoneField, problem.Field);
    }
}
