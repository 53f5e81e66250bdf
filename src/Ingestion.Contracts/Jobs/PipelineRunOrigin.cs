namespace Ingestion.Jobs;

/// <summary>What a job started by a pipeline carries of its run: which pipeline, which run, from where, against what.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PipelineRunOrigin")]
public sealed record PipelineRunOrigin
{
    [Id(0)] public required Guid PipelineId { get; init; }

    /// <summary>The run's number within its pipeline, from 1.</summary>
    [Id(1)] public required int RunNumber { get; init; }

    /// <summary>The watermark the run's URLs carry (before lookback), as text; null for a pipeline that is not incremental.</summary>
    [Id(2)] public string? WatermarkFrom { get; init; }

    /// <summary>
    /// The earlier run whose pages this one revalidates: where a page's URL is the one that run fetched, the request is
    /// conditional on its validators. Null when there is none (the first run, or one whose data may be gone).
    /// </summary>
    [Id(3)] public BaselineRun? Baseline { get; init; }

    /// <summary>The response header each page keeps for the pipeline's watermark, when the watermark comes from one.</summary>
    [Id(4)] public string? WatermarkHeader { get; init; }

    /// <summary>How the pipeline reads only what changed, when it does: the job reads the watermark it reached before its manifest.</summary>
    [Id(5)] public Ingestion.Pipelines.IncrementalSpec? Incremental { get; init; }
}

/// <summary>An earlier run of a pipeline, as the next one reads its manifest.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.BaselineRun")]
public sealed record BaselineRun(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] DestinationSpec Destination);
