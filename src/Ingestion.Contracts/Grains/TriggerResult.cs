using Ingestion.Pipelines;

namespace Ingestion.Grains;

/// <summary>What a trigger did: the run it started, or the one already under way; or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.TriggerResult")]
public sealed record TriggerResult(
    [property: Id(0)] PipelineRun? Run,
    [property: Id(1)] bool Started,
    [property: Id(2)] bool Paused,
    [property: Id(3)] bool NotFound);
