using Ingestion.Jobs;

namespace Ingestion.Grains.Pipelines;

/// <summary>The run whose watermark is read: its job, as it was started, where it wrote, and when it started.</summary>
public sealed record RunWatermarkSource(Guid JobId, JobSpec Spec, DestinationSpec Destination, DateTimeOffset CreatedAt)
{
    public static RunWatermarkSource Of(JobView job) => new(job.Id, job.Spec, job.Destination, job.CreatedAt);
}
