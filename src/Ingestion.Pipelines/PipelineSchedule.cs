using Cronos;

namespace Ingestion.Pipelines;

/// <summary>The ticks of a pipeline's schedule: a cron expression in a time zone, or a fixed interval.</summary>
public abstract class PipelineSchedule
{
    /// <summary>The first tick strictly after <paramref name="instant"/>, or null if there is none (a cron that never fires again).</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset instant);

    /// <summary>
    /// The schedule of a spec that <see cref="ScheduleRules"/> accepted. An interval counts from
    /// <paramref name="anchor"/>, the pipeline's creation, so its ticks stay where they were across restarts.
    /// </summary>
    public static PipelineSchedule From(ScheduleSpec spec, DateTimeOffset anchor) =>
        spec switch
        {
            { Every: { } every } => new IntervalSchedule(every, anchor),
            { Cron: { } cron } => new CronSchedule(CronExpression.Parse(cron, CronFormat.Standard), ScheduleRules.TimeZoneOf(spec)),
            _ => throw new ArgumentException("A schedule needs a cron expression or an interval.", nameof(spec)),
        };

    private sealed class CronSchedule(CronExpression expression, TimeZoneInfo zone) : PipelineSchedule
    {
        // Cronos reads the expression in the zone: a tick that falls in a spring-forward gap runs at the end of the
        // gap, one in a fall-back overlap runs once.
        public override DateTimeOffset? NextAfter(DateTimeOffset instant) => expression.GetNextOccurrence(instant, zone);
    }

    private sealed class IntervalSchedule(TimeSpan every, DateTimeOffset anchor) : PipelineSchedule
    {
        public override DateTimeOffset? NextAfter(DateTimeOffset instant)
        {
            if (instant < anchor)
            {
                return anchor;
            }

            var elapsed = (instant - anchor).Ticks / every.Ticks;
            return anchor + TimeSpan.FromTicks((elapsed + 1) * every.Ticks);
        }
    }
}
