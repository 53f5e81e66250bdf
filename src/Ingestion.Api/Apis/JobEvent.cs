namespace Ingestion.Api.Apis;

/// <summary>
/// One item of a job's event stream: a <c>progress</c> or <c>end</c> event carrying the job as JSON, or a heartbeat
/// (a comment line, which clients ignore and proxies take as traffic).
/// </summary>
public readonly record struct JobEvent(JobEventKind Kind, long Id, string Data)
{
    public const string ProgressType = "progress";
    public const string EndType = "end";

    public static JobEvent Heartbeat { get; } = new(JobEventKind.Heartbeat, 0, "");

    /// <summary>The SSE <c>event:</c> name; null for a heartbeat.</summary>
    public string? Type => Kind switch
    {
        JobEventKind.Progress => ProgressType,
        JobEventKind.End => EndType,
        _ => null,
    };
}
