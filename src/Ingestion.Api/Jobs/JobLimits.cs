using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Jobs;

/// <summary>Bounds on what a job spec may ask for; bound from <c>Ingestion:Limits</c> and validated at start-up.</summary>
public sealed class JobLimits
{
    public const string SectionName = "Ingestion:Limits";

    /// <summary>The most pages one job may have.</summary>
    [Range(1, 10_000_000)]
    public int MaxPagesPerJob { get; set; } = 1_000_000;

    [Range(16, 65_536)]
    public int MaxUrlLength { get; set; } = 8_192;

    [Range(0, 1_000)]
    public int MaxHeaders { get; set; } = 64;

    [Range(1, 65_536)]
    public int MaxHeaderValueLength { get; set; } = 8_192;

    [Range(1, 1_000)]
    public int MaxNameLength { get; set; } = 200;

    [Range(1, 1_000)]
    public int MaxPrefixLength { get; set; } = 512;
}
