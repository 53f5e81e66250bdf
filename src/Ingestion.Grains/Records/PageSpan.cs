namespace Ingestion.Records;

/// <summary>Pages <see cref="From"/> to <see cref="To"/>, both included.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageSpan")]
public readonly record struct PageSpan([property: Id(0)] int From, [property: Id(1)] int To)
{
    public bool Contains(int page) => page >= From && page <= To;
}
