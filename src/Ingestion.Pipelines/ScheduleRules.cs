using Cronos;

namespace Ingestion.Pipelines;

/// <summary>What makes a schedule acceptable, as a list of problems by field (<c>cron</c>, <c>timeZone</c>, <c>every</c>).</summary>
public static class ScheduleRules
{
    public const string CronField = "cron";
    public const string TimeZoneField = "timeZone";
    public const string EveryField = "every";

    // Enough ticks to see the tightest spacing of any standard cron expression (it repeats at most hourly within a day,
    // and a day has 1,440 minutes).
    private const int TicksToCompare = 1_500;

    /// <summary>
    /// The problems with <paramref name="spec"/>, none if it is valid: exactly one of a cron expression and an
    /// interval, a cron of five fields that Cronos reads, a time zone the system knows (IANA ids), and ticks no
    /// closer together than <paramref name="minInterval"/>.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(ScheduleSpec spec, TimeSpan minInterval)
    {
        var problems = new List<(string, string)>();
        switch (spec)
        {
            case { Cron: not null, Every: not null }:
                problems.Add((EveryField, "Give either cron or every, not both."));
                break;
            case { Cron: null, Every: null }:
                problems.Add((CronField, "Required unless every is given: a cron expression (\"0 * * * *\") or an interval (\"every\": \"00:15:00\")."));
                break;
            case { Every: { } every }:
                if (spec.TimeZone is not null)
                {
                    problems.Add((TimeZoneField, "Only with cron: an interval does not depend on a time zone."));
                }

                if (every < minInterval)
                {
                    problems.Add((EveryField, $"Must be at least {minInterval:c} (Ingestion:Pipelines:MinInterval)."));
                }

                break;
            case { Cron: { } cron }:
                CheckCron(cron, spec.TimeZone, minInterval, problems);
                break;
        }

        return problems;
    }

    /// <summary>The zone of a cron schedule: the one named, or UTC.</summary>
    public static TimeZoneInfo TimeZoneOf(ScheduleSpec spec) =>
        spec.TimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;

    private static void CheckCron(string cron, string? timeZone, TimeSpan minInterval, List<(string, string)> problems)
    {
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            problems.Add((CronField, $"Not a standard five-field cron expression (minute hour day-of-month month day-of-week): {exception.Message}"));
            return;
        }

        var zone = TimeZoneInfo.Utc;
        if (timeZone is not null)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            }
            catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problems.Add((TimeZoneField, $"Unknown time zone '{timeZone}': use an IANA name such as \"Europe/Amsterdam\" or \"America/New_York\"."));
                return;
            }
        }

        var ticks = expression.GetOccurrences(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(5), zone, fromInclusive: false)
            .Take(TicksToCompare)
            .ToList();
        if (ticks.Count == 0)
        {
            problems.Add((CronField, "Never fires in the next five years."));
            return;
        }

        var tightest = ticks.Zip(ticks.Skip(1), (before, after) => after - before).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        if (tightest < minInterval)
        {
            problems.Add((CronField, $"Fires every {tightest:c} at times; runs must be at least {minInterval:c} apart (Ingestion:Pipelines:MinInterval)."));
        }
    }
}
