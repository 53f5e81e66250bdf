namespace Ingestion.Cli.Api;

/// <summary>How one page of a job stands, as the API spells it.</summary>
public enum PageStatus
{
    Pending,
    InFlight,
    WaitingRetry,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>A 304 to a conditional request: the content is the previous run's blob's.</summary>
    Unchanged,

    /// <summary>A status this client does not know, from a newer API.</summary>
    Unknown,
}
