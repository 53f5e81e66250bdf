using Ingestion.Jobs;

namespace Ingestion.Grains;

/// <summary>What asking an ended job to fetch its failed pages again did.</summary>
[GenerateSerializer, Alias("Ingestion.RetryOutcome")]
public enum RetryOutcome
{
    /// <summary>No job has this id.</summary>
    NotFound = 0,

    /// <summary>The job is running again over the pages it did not store.</summary>
    Retrying = 1,

    /// <summary>The job has not ended: nothing to retry yet.</summary>
    StillRunning = 2,

    /// <summary>The job stored every page (<see cref="JobStatus.Completed"/>).</summary>
    NothingFailed = 3,

    /// <summary>The job was cancelled by its user; submit it again to fetch the rest.</summary>
    WasCancelled = 4,

    /// <summary>Another job took over the job's prefix; its pages are gone.</summary>
    Superseded = 5,

    /// <summary>The job did not keep its pages (its records' keepPages is false): there is nothing to retry against.</summary>
    PagesNotKept = 6,
}
