namespace Ingestion.Cli.Api;

/// <summary>A running job's throughput and estimated end, as the API reports them.</summary>
public sealed record JobProgress(
    double PagesPerSecond,
    double BytesPerSecond,
    double? EtaSeconds,
    DateTimeOffset? EstimatedCompletionAt,
    double? Fraction);
