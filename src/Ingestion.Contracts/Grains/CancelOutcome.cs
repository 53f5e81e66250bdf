using Ingestion.Jobs;

namespace Ingestion.Grains;

/// <summary>What asking to cancel a job did.</summary>
[GenerateSerializer, Alias("Ingestion.CancelOutcome")]
public enum CancelOutcome
{
    /// <summary>No job has this id.</summary>
    NotFound = 0,

    /// <summary>The job was running and is now <see cref="JobStatus.Cancelled"/>.</summary>
    Cancelled = 1,

    /// <summary>The job had been cancelled already; nothing changed.</summary>
    AlreadyCancelled = 2,

    /// <summary>The job had ended otherwise (completed or failed) and cannot be cancelled.</summary>
    AlreadyFinished = 3,
}
