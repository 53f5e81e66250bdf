namespace Ingestion;

/// <summary>
/// One slice of a list read a slice at a time: <paramref name="Items"/> (at most <paramref name="Take"/>), and the
/// <paramref name="Continuation"/> that asks for the next slice, null when there is none. Asking costs the same however
/// long the list is and however far into it the slice lies, as no list is counted or skipped through.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.ContinuedListing`1")]
public sealed record ContinuedListing<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] int Take,
    [property: Id(2)] string? Continuation);
