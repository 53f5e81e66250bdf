using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>What a job grain persists: its spec, where it stands, and its tally. No per-page records.</summary>
[GenerateSerializer, Alias("Ingestion.JobState")]
public sealed class JobState
{
    [Id(0)] public JobSpec? Spec { get; set; }

    [Id(1)] public JobStatus Status { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    [Id(3)] public DateTimeOffset? CompletedAt { get; set; }

    [Id(4)] public string? Error { get; set; }

    [Id(5)] public int Succeeded { get; set; }

    [Id(6)] public int Failed { get; set; }

    [Id(7)] public long Bytes { get; set; }

    /// <summary>Every page up to this one had been handed out when the state was saved.</summary>
    [Id(8)] public int DispatchedThrough { get; set; }

    /// <summary>The last page, once known: from the spec, the URL list's length, a stated total, or the end found.</summary>
    [Id(9)] public int? KnownEnd { get; set; }

    /// <summary>How the end of the source was found, or why the job stopped short of it.</summary>
    [Id(10)] public string? EndReason { get; set; }

    /// <summary>The source had more pages than the job's maxPages.</summary>
    [Id(11)] public bool Truncated { get; set; }

    /// <summary>Where the job writes: the spec's destination with its prefix expanded and, for a new version, extended.</summary>
    [Id(12)] public DestinationSpec? Destination { get; set; }

    /// <summary>Why the job failed, when it did; its error is written from this with the final counts.</summary>
    [Id(13)] public JobStopCause StopCause { get; set; }

    /// <summary>
    /// <see cref="KnownEnd"/> came from the source (the spec, the list, a stated total, an empty page, the chain's last
    /// link, maxPages), not from a failure or a stop: a retry keeps it, and otherwise looks for the end again.
    /// </summary>
    [Id(14)] public bool EndFound { get; set; }

    /// <summary>The job's run: 0 for the first, one more for each retry of its failed pages.</summary>
    [Id(15)] public int Round { get; set; }

    /// <summary>The job whose data under the same prefix this one replaced.</summary>
    [Id(16)] public Guid? Replaced { get; set; }

    /// <summary>The previous jobs' blobs under the prefix are still being removed; no page is fetched until they are.</summary>
    [Id(17)] public bool Clearing { get; set; }

    /// <summary>A later job replaced this one's data under its prefix.</summary>
    [Id(18)] public Guid? SupersededBy { get; set; }

    [Id(19)] public DateTimeOffset? SupersededAt { get; set; }

    /// <summary>Pages the server said were unchanged since the run's baseline (304): none of them was uploaded.</summary>
    [Id(20)] public int Unchanged { get; set; }

    /// <summary>For a pipeline's incremental run that completed: the watermark its pages reached.</summary>
    [Id(21)] public Ingestion.Pipelines.Watermark? WatermarkTo { get; set; }

    /// <summary>The job's records as its manifest states them, once written.</summary>
    [Id(22)] public Ingestion.Records.RecordsProgress? Records { get; set; }

    /// <summary>A new job, running, that took its destination by <paramref name="claim"/>.</summary>
    public static JobState Started(JobSpec spec, DateTimeOffset createdAt, PrefixClaim claim) => new()
    {
        Spec = spec,
        Status = JobStatus.Running,
        CreatedAt = createdAt,
        Destination = claim.Destination,
        Replaced = claim.Previous,
        Clearing = claim.MustClear,
        KnownEnd = spec.Source.KnownPageCount,
        EndFound = spec.Source.KnownPageCount is not null,
    };
}
