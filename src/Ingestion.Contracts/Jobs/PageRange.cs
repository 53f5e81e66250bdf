namespace Ingestion.Jobs;

/// <summary>An inclusive range of the page numbers substituted into a URL template.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageRange")]
public sealed record PageRange([property: Id(0)] long From, [property: Id(1)] long To);
