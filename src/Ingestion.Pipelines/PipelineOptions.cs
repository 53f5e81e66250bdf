using System.ComponentModel.DataAnnotations;

namespace Ingestion.Pipelines;

/// <summary>Limits on pipelines (<c>Ingestion:Pipelines</c>), bound and validated at start by the API and the silo.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Ingestion:Pipelines";

    /// <summary>The closest two runs of a schedule may be; a schedule that fires more often is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A tick this late is still on time (a reminder is delivered a little after it is due); an older one was missed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OnTimeTolerance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a pipeline looks at its run under way, to start what waits for it to end.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RunPollPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>With catch-up <c>all</c>, the most missed ticks run after the cluster was down; older ones are let go.</summary>
    [Range(1, 1_000)]
    public int MaxCatchUpRuns { get; set; } = 24;
}
