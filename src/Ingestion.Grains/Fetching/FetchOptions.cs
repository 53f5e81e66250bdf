using System.ComponentModel.DataAnnotations;

namespace Ingestion.Fetching;

/// <summary>How the silo fetches pages; bound from <c>Ingestion:Fetch</c> and validated at start-up.</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Ingestion:Fetch";

    /// <summary>A page larger than this is aborted while streaming and fails for good.</summary>
    [Range(1, long.MaxValue)]
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Sent with every request unless the job sets its own.</summary>
    [Required]
    public string UserAgent { get; set; } = "Ingestion/1.0";

    /// <summary>
    /// Pages up to this size go to storage in one request; larger ones in blocks of this size.
    /// It also bounds the memory one page in flight holds.
    /// </summary>
    [Range(64 * 1024, 100 * 1024 * 1024)]
    public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;
}
