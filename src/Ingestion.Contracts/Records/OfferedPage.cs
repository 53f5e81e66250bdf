namespace Ingestion.Records;

/// <summary>A page's body as its fetch grain stored it, handed to the job's records grain so it need not read it back.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.OfferedPage")]
public sealed record OfferedPage(
    [property: Id(0)] int Page,
    [property: Id(1)] DateTimeOffset? FetchedAt,
    [property: Id(2)] byte[] Body);
