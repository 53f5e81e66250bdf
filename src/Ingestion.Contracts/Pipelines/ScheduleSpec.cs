namespace Ingestion.Pipelines;

/// <summary>
/// When a pipeline runs: a standard five-field cron expression read in a time zone (daylight saving time included), or
/// a fixed interval. Exactly one of <see cref="Cron"/> and <see cref="Every"/> is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.ScheduleSpec")]
public sealed record ScheduleSpec
{
    /// <summary>Minute, hour, day of month, month, day of week: <c>0 * * * *</c> is every hour on the hour.</summary>
    [Id(0)] public string? Cron { get; init; }

    /// <summary>An IANA time zone (<c>Europe/Amsterdam</c>) the cron expression is read in; UTC when not given.</summary>
    [Id(1)] public string? TimeZone { get; init; }

    /// <summary>The interval between runs, counted from when the pipeline was created.</summary>
    [Id(2)] public TimeSpan? Every { get; init; }
}
