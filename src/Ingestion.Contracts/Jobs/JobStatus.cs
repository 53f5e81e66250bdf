namespace Ingestion.Jobs;

[GenerateSerializer, Alias("Ingestion.JobStatus")]
public enum JobStatus
{
    Running = 0,

    /// <summary>Every page is stored.</summary>
    Completed = 1,

    /// <summary>Every page ended, and some failed for good.</summary>
    CompletedWithErrors = 2,

    Cancelled = 3,

    /// <summary>The job itself could not proceed.</summary>
    Failed = 4,
}
