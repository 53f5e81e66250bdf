using Ingestion.Pages;

namespace Ingestion.Grains;

/// <summary>
/// A slice of a job's pages, or why they cannot be listed any more (<see cref="Unavailable"/>): the job was superseded,
/// or its manifest is gone or was overwritten. Never an empty list in place of pages that exist.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageListing")]
public sealed record PageListing(
    [property: Id(0)] Listing<PageRecord>? Pages,
    [property: Id(1)] string? Unavailable,
    [property: Id(2)] Guid? SupersededBy = null);
