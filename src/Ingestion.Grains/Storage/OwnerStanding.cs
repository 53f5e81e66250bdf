namespace Ingestion.Storage;

/// <summary>Where the job that owns a prefix stands, as far as taking the prefix from it goes.</summary>
public enum OwnerStanding
{
    /// <summary>The cluster has no such job: its claim was never completed, or the job's record is gone.</summary>
    Unknown = 0,

    /// <summary>The job is running: it writes to the prefix, so no one may take it.</summary>
    Running = 1,

    /// <summary>The job has ended: its data may be replaced.</summary>
    Ended = 2,
}
