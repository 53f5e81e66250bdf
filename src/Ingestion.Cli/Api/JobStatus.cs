namespace Ingestion.Cli.Api;

/// <summary>How a job stands, as the API spells it.</summary>
public enum JobStatus
{
    Running,
    Completed,
    CompletedWithErrors,
    Cancelled,
    Failed,

    /// <summary>A status this client does not know, from a newer API.</summary>
    Unknown,
}
