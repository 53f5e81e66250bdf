using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>How often and how patiently a failed page fetch is tried again.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RetrySpec")]
public sealed record RetrySpec
{
    /// <summary>Attempts in all, the first included.</summary>
    [Id(0)] public int MaxAttempts { get; init; } = JobDefaults.MaxAttempts;

    [Id(1)] public double BaseDelaySeconds { get; init; } = JobDefaults.RetryBaseDelaySeconds;

    [Id(2)] public double MaxDelaySeconds { get; init; } = JobDefaults.RetryMaxDelaySeconds;

    [JsonIgnore] public TimeSpan BaseDelay => TimeSpan.FromSeconds(BaseDelaySeconds);

    [JsonIgnore] public TimeSpan MaxDelay => TimeSpan.FromSeconds(MaxDelaySeconds);
}
