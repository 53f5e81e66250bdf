namespace Ingestion.Pages;

/// <summary>
/// How one page ended, as its fetch grain reports it to the job: stored, failed for good, or (for an open range) past
/// the end, with what its response told when the fetch asked for that.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageEnd")]
public sealed record PageEnd(
    [property: Id(0)] PageRecord Record,
    [property: Id(1)] PageFindings? Findings);
