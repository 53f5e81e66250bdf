namespace Ingestion.Grains.Jobs;

/// <summary>Why a job ended <see cref="Ingestion.Jobs.JobStatus.Failed"/>; kept so that its error is written with the final counts.</summary>
[GenerateSerializer, Alias("Ingestion.JobStopCause")]
public enum JobStopCause
{
    None = 0,

    /// <summary>More pages failed than <c>failure.maxFailedPages</c> / <c>maxFailedFraction</c> allow.</summary>
    FailureBudget = 1,

    /// <summary>The first pages to end all failed for the same cause (<c>failure.failFast</c>).</summary>
    FailFast = 2,

    /// <summary>Every page ended, and none was stored.</summary>
    NothingStored = 3,

    /// <summary>The source has no pages at all, and the spec does not allow that (<c>source.allowEmpty</c>).</summary>
    EmptySource = 4,

    /// <summary>The blob with the job's URL list does not exist.</summary>
    UrlListMissing = 5,
}
