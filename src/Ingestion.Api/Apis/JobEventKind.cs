namespace Ingestion.Api.Apis;

public enum JobEventKind
{
    /// <summary>The job is running and changed since the last event.</summary>
    Progress,

    /// <summary>The job has ended; the last event of the stream.</summary>
    End,

    /// <summary>Nothing changed for a while: a comment, to keep the connection open.</summary>
    Heartbeat,
}
