using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Pipelines.Wire;

[Description("When the pipeline runs: a cron expression in a time zone, or a fixed interval. Exactly one of cron and every.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ScheduleInput
{
    [Description("A standard five-field cron expression (minute hour day-of-month month day-of-week), such as \"0 * * * *\" for every hour; daylight saving time is handled as the time zone has it.")]
    public string? Cron { get; init; }

    [Description("The IANA time zone the cron expression is read in, such as \"Europe/Amsterdam\". UTC when left out.")]
    public string? TimeZone { get; init; }

    [Description("A fixed interval between runs, such as \"00:15:00\", counted from the pipeline's creation; at least Ingestion:Pipelines:MinInterval (1 minute by default).")]
    [JsonPropertyName("every")]
    public string? Every { get; init; }
}
