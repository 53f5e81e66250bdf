using System.ComponentModel.DataAnnotations;

namespace Ingestion.Jobs;

/// <summary>How job grains keep their progress; bound from <c>Ingestion:Jobs</c> and validated at start-up.</summary>
public sealed class JobOptions
{
    public const string SectionName = "Ingestion:Jobs";

    /// <summary>How often a running job saves its progress (never per page).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The period of a running job's reminder: it brings the job back after its silo dies, and hands pages whose
    /// fetch grain was lost with a silo to a new one. Never shorter than Orleans' minimum reminder period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// With <see cref="FailureSpec.FailFast"/>, how many first pages failing for good for the same cause stop a job
    /// (fewer when the job has fewer pages).
    /// </summary>
    [Range(1, 10_000)]
    public int FailFastPages { get; set; } = 10;

    /// <summary>
    /// Up to how many stored pages' records a running job keeps in memory (under 1 KiB each), so that its manifest
    /// and its listing are written from what its pages reported instead of a listing of its blobs. A job with more
    /// pages lists its blobs; 0 always does.
    /// </summary>
    [Range(0, 1_000_000)]
    public int StoredRecordsKept { get; set; } = 100_000;
}
