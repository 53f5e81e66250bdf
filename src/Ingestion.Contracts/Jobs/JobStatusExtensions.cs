namespace Ingestion.Jobs;

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) => status != JobStatus.Running;
}
