namespace Ingestion.Jobs;

/// <summary>
/// An inclusive range of the page numbers substituted into a URL template. Without <see cref="To"/> the range is
/// open-ended: its end is found by fetching (an empty page, a 404) or from a total the first page states.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageRange")]
public sealed record PageRange([property: Id(0)] long From, [property: Id(1)] long? To);
