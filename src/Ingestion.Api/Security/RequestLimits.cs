using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Security;

/// <summary>
/// Bounds on the HTTP requests the API reads, applied to Kestrel; bound from <c>Ingestion:Limits</c> (beside the job
/// spec's <see cref="Jobs.JobLimits"/>) and validated at start-up.
/// </summary>
public sealed class RequestLimits
{
    public const string SectionName = "Ingestion:Limits";

    /// <summary>The largest request body: a job spec (a list of URLs, mostly). A larger one is a <c>413</c>.</summary>
    [Range(typeof(long), "1024", "1073741824")]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most headers one request may have; more is a <c>431</c>.</summary>
    [Range(8, 1_000)]
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The most bytes all of a request's headers may take; more is a <c>431</c>.</summary>
    [Range(4_096, 1_048_576)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The longest request line (method, path and query); longer is a <c>414</c>.</summary>
    [Range(1_024, 1_048_576)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;
}
