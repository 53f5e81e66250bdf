using Ingestion.Cli.Api;

namespace Ingestion.Cli.Rendering;

/// <summary>How the client writes a pipeline's parts.</summary>
public static class PipelineFormats
{
    public static string Schedule(PipelineScheduleShown? schedule) => schedule switch
    {
        { Cron: { } cron } => $"{cron} ({schedule.TimeZone ?? "UTC"})",
        { Every: { } every } => $"every {every}",
        _ => Formats.None,
    };
}
