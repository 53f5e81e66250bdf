using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>A validated ingestion job, with every default applied.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.JobSpec")]
public sealed record JobSpec
{
    [Id(0)] public string? Name { get; init; }

    [Id(1)] public required SourceSpec Source { get; init; }

    /// <summary>Headers sent with every page request.</summary>
    [Id(2)] public ImmutableDictionary<string, string> Headers { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Maximum number of pages in flight at once.</summary>
    [Id(3)] public int Concurrency { get; init; } = JobDefaults.Concurrency;

    /// <summary>The longest one attempt at a page may take, body and upload included.</summary>
    [Id(4)] public double RequestTimeoutSeconds { get; init; } = JobDefaults.RequestTimeoutSeconds;

    [JsonIgnore] public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);

    [Id(5)] public RetrySpec Retry { get; init; } = new();

    [Id(6)] public required DestinationSpec Destination { get; init; }

    [Id(7)] public FailureSpec Failure { get; init; } = new();

    /// <summary>The most pages the job fetches, whatever its source says; a source with more stops there, truncated.</summary>
    [Id(8)] public int MaxPages { get; init; } = JobDefaults.MaxPages;

    /// <summary>How gently the job treats the hosts it fetches from, on top of the service's own per-host limits.</summary>
    [Id(9)] public PolitenessSpec Politeness { get; init; } = new();

    /// <summary>The pipeline run this job is, when a pipeline started it; never part of a submitted spec.</summary>
    [Id(10)] public PipelineRunOrigin? Run { get; init; }

    /// <summary>The records extracted from each stored page into query-ready files; null extracts none.</summary>
    [Id(11)] public Ingestion.Records.RecordsSpec? Records { get; init; }
}
