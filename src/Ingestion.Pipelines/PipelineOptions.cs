using System.ComponentModel.DataAnnotations;

namespace Ingestion.Pipelines;

/// <summary>Limits on pipelines (<c>Ingestion:Pipelines</c>), bound and validated at start by the API and the silo.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Ingestion:Pipelines";

    /// <summary>The closest two runs of a schedule may be; a schedule that fires more often is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>With catch-up <c>all</c>, the most missed ticks run after the cluster was down; older ones are let go.</summary>
    [Range(1, 1_000)]
    public int MaxCatchUpRuns { get; set; } = 24;
}
