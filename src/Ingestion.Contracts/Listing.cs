namespace Ingestion;

/// <summary>One slice of a longer list: <paramref name="Total"/> items match, <paramref name="Items"/> start at <paramref name="Skip"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.Listing`1")]
public sealed record Listing<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] int Skip,
    [property: Id(3)] int Take);
