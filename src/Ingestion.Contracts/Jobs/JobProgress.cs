namespace Ingestion.Jobs;

/// <summary>How fast a running job goes and when it should end, from the pages that ended over the last minute.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.JobProgress")]
public sealed record JobProgress
{
    /// <summary>Pages ended (stored or failed for good) per second over the last minute.</summary>
    [Id(0)] public double PagesPerSecond { get; init; }

    /// <summary>Bytes stored per second over the last minute.</summary>
    [Id(1)] public double BytesPerSecond { get; init; }

    /// <summary>Seconds until every page has ended at the current rate; null when unknown (no rate yet, or no known total).</summary>
    [Id(2)] public double? EtaSeconds { get; init; }

    /// <summary>When the job should end at the current rate; null when unknown.</summary>
    [Id(3)] public DateTimeOffset? EstimatedCompletionAt { get; init; }

    /// <summary>The fraction of pages ended, 0 to 1; null while the total is not known.</summary>
    [Id(4)] public double? Fraction { get; init; }
}
