using Ingestion.Pipelines;
using static Ingestion.UnitTests.Pipelines.PipelineScheduleTests;

namespace Ingestion.UnitTests.Pipelines;

public sealed class TickPlanTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);
    private static readonly PipelineSchedule Hourly = PipelineSchedule.From(new ScheduleSpec { Cron = "0 * * * *" }, At("2026-03-01T00:00:00Z"));

    [Fact]
    public void A_tick_on_time_starts_one_run_and_is_dealt_with()
    {
        var plan = TickPlan.For(Hourly, At("2026-03-01T10:00:00Z"), At("2026-03-01T11:00:02Z"), CatchUpPolicy.None, 10, Tolerance);

        Assert.Equal([At("2026-03-01T11:00:00Z")], plan.Runs);
        Assert.Equal(0, plan.Missed);
        Assert.Equal(At("2026-03-01T11:00:00Z"), plan.LastTick);
        Assert.Equal(At("2026-03-01T12:00:00Z"), plan.Next);
    }

    [Fact]
    public void A_tick_delivered_twice_runs_once()
    {
        var first = TickPlan.For(Hourly, At("2026-03-01T10:00:00Z"), At("2026-03-01T11:00:01Z"), CatchUpPolicy.All, 10, Tolerance);
        var again = TickPlan.For(Hourly, first.LastTick, At("2026-03-01T11:00:03Z"), CatchUpPolicy.All, 10, Tolerance);

        Assert.Single(first.Runs);
        Assert.Empty(again.Runs);
        Assert.Equal(0, again.Missed);
        Assert.Equal(first.LastTick, again.LastTick);
    }

    [Fact]
    public void A_new_pipeline_has_nothing_due_until_its_first_tick()
    {
        var plan = TickPlan.For(Hourly, lastTick: null, At("2026-03-01T10:20:00Z"), CatchUpPolicy.All, 10, Tolerance);

        Assert.Empty(plan.Runs);
        Assert.Null(plan.LastTick);
        Assert.Equal(At("2026-03-01T11:00:00Z"), plan.Next);
    }

    [Fact]
    public void With_catch_up_none_only_the_tick_on_time_runs_after_downtime()
    {
        // Down from 09:30 to just after 14:00: the 10:00 to 13:00 ticks were missed.
        var plan = TickPlan.For(Hourly, At("2026-03-01T09:00:00Z"), At("2026-03-01T14:00:05Z"), CatchUpPolicy.None, 10, Tolerance);

        Assert.Equal([At("2026-03-01T14:00:00Z")], plan.Runs);
        Assert.Equal(4, plan.Missed);
    }

    [Fact]
    public void With_catch_up_none_a_late_look_runs_nothing_and_counts_every_tick_missed()
    {
        var plan = TickPlan.For(Hourly, At("2026-03-01T09:00:00Z"), At("2026-03-01T14:30:00Z"), CatchUpPolicy.None, 10, Tolerance);

        Assert.Empty(plan.Runs);
        Assert.Equal(5, plan.Missed);
        Assert.Equal(At("2026-03-01T14:00:00Z"), plan.LastTick);
        Assert.Equal(At("2026-03-01T15:00:00Z"), plan.Next);
    }

    [Fact]
    public void With_catch_up_latest_one_run_covers_every_missed_tick()
    {
        var plan = TickPlan.For(Hourly, At("2026-03-01T09:00:00Z"), At("2026-03-01T14:30:00Z"), CatchUpPolicy.Latest, 10, Tolerance);

        Assert.Equal([At("2026-03-01T14:00:00Z")], plan.Runs);
        Assert.Equal(4, plan.Missed);
    }

    [Fact]
    public void With_catch_up_all_each_missed_tick_runs_oldest_first_up_to_the_limit()
    {
        var plan = TickPlan.For(Hourly, At("2026-03-01T09:00:00Z"), At("2026-03-01T14:00:05Z"), CatchUpPolicy.All, 2, Tolerance);

        // The two newest missed ticks, then the one on time; 10:00 and 11:00 are let go.
        Assert.Equal([At("2026-03-01T12:00:00Z"), At("2026-03-01T13:00:00Z"), At("2026-03-01T14:00:00Z")], plan.Runs);
        Assert.Equal(2, plan.Missed);
    }

    [Fact]
    public void A_long_downtime_of_a_frequent_schedule_is_counted_not_kept()
    {
        var everyMinute = PipelineSchedule.From(new ScheduleSpec { Every = TimeSpan.FromMinutes(1) }, At("2026-01-01T00:00:00Z"));

        // Thirty days of minutes: 43,200 ticks.
        var plan = TickPlan.For(everyMinute, At("2026-01-01T00:00:00Z"), At("2026-01-31T00:00:00Z"), CatchUpPolicy.Latest, 10, Tolerance);

        Assert.Equal([At("2026-01-31T00:00:00Z")], plan.Runs);
        Assert.Equal(43_199, plan.Missed);
    }
}
