using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class PipelineScheduleTests
{
    private static readonly DateTimeOffset Created = At("2026-03-01T10:00:00Z");

    [Fact]
    public void An_hourly_cron_ticks_on_the_hour()
    {
        var schedule = PipelineSchedule.From(new ScheduleSpec { Cron = "0 * * * *" }, Created);

        Assert.Equal(At("2026-03-01T11:00:00Z"), schedule.NextAfter(At("2026-03-01T10:15:00Z")));
        Assert.Equal(At("2026-03-01T12:00:00Z"), schedule.NextAfter(At("2026-03-01T11:00:00Z")));
    }

    [Fact]
    public void A_cron_is_read_in_its_time_zone()
    {
        var schedule = PipelineSchedule.From(new ScheduleSpec { Cron = "0 6 * * *", TimeZone = "America/New_York" }, Created);

        // 06:00 in New York on 2 March 2026 (EST, UTC-5).
        Assert.Equal(At("2026-03-02T11:00:00Z"), schedule.NextAfter(At("2026-03-02T00:00:00Z")));
    }

    [Fact]
    public void A_tick_in_the_spring_forward_gap_runs_once_at_the_end_of_the_gap()
    {
        // On 29 March 2026 Amsterdam's clocks go from 02:00 to 03:00: 02:30 does not exist that day.
        var schedule = PipelineSchedule.From(new ScheduleSpec { Cron = "30 2 * * *", TimeZone = "Europe/Amsterdam" }, Created);

        Assert.Equal(At("2026-03-29T01:00:00Z"), schedule.NextAfter(At("2026-03-28T12:00:00Z")));
        Assert.Equal(At("2026-03-30T00:30:00Z"), schedule.NextAfter(At("2026-03-29T01:00:00Z")));
    }

    [Fact]
    public void A_tick_in_the_fall_back_overlap_runs_once()
    {
        // On 25 October 2026 Amsterdam's 02:30 happens twice (CEST, then CET): one run.
        var schedule = PipelineSchedule.From(new ScheduleSpec { Cron = "30 2 * * *", TimeZone = "Europe/Amsterdam" }, Created);

        var first = schedule.NextAfter(At("2026-10-24T12:00:00Z"));
        Assert.Equal(At("2026-10-25T00:30:00Z"), first);
        Assert.Equal(At("2026-10-26T01:30:00Z"), schedule.NextAfter(first!.Value));
    }

    [Fact]
    public void An_interval_counts_from_the_pipeline_s_creation()
    {
        var schedule = PipelineSchedule.From(new ScheduleSpec { Every = TimeSpan.FromMinutes(15) }, Created);

        Assert.Equal(Created, schedule.NextAfter(Created.AddHours(-1)));
        Assert.Equal(At("2026-03-01T10:30:00Z"), schedule.NextAfter(At("2026-03-01T10:20:00Z")));
        // Strictly after: a tick is never its own next one.
        Assert.Equal(At("2026-03-01T10:45:00Z"), schedule.NextAfter(At("2026-03-01T10:30:00Z")));
        Assert.Equal(At("2026-03-08T10:15:00Z"), schedule.NextAfter(At("2026-03-08T10:00:00Z")));
    }

    internal static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
