using Ingestion.Jobs;

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
}
