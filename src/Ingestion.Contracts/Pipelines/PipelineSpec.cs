using Ingestion.Jobs;

namespace Ingestion.Pipelines;

/// <summary>
/// A validated pipeline: a job run on a schedule. Its job's strings may hold <c>{watermark}</c> (URLs get it escaped,
/// headers as it is), and its prefix <c>{jobId}</c>, which <c>{runId}</c> is another name for, so runs never write over
/// each other.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PipelineSpec")]
public sealed record PipelineSpec
{
    public const string WatermarkPlaceholder = "{watermark}";
    public const string RunIdPlaceholder = "{runId}";

    /// <summary>
    /// Whether a run's job <paramref name="prefix"/> (as the parser reads <c>{runId}</c>: <c>{jobId}</c>) gives each run a
    /// prefix of its own, so that no run writes over another's data: what revalidating and purging need.
    /// </summary>
    public static bool IsPrefixPerRun(string prefix) => prefix.Contains($"{{{PrefixTemplate.JobId}}}", StringComparison.Ordinal);

    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required ScheduleSpec Schedule { get; init; }

    [Id(2)] public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    [Id(3)] public CatchUpPolicy CatchUp { get; init; } = CatchUpPolicy.Latest;

    [Id(4)] public IncrementalSpec? Incremental { get; init; }

    [Id(5)] public required JobSpec Job { get; init; }

    [Id(6)] public RetentionSpec Retention { get; init; } = new();
}
