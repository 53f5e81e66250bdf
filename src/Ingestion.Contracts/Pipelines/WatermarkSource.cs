namespace Ingestion.Pipelines;

/// <summary>Where a run's watermark comes from once it has completed.</summary>
[GenerateSerializer, Alias("Ingestion.WatermarkSource")]
public enum WatermarkSource
{
    /// <summary>The largest cursor value over the records of every page the run stored.</summary>
    Records = 0,

    /// <summary>The largest value of a response header (such as <c>X-Last-Modified-Max</c>) over the run's pages.</summary>
    Header = 1,

    /// <summary>The time the run started, to the second (rounded down): what changed since the last completed run began.</summary>
    RunStart = 2,
}
