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
}
