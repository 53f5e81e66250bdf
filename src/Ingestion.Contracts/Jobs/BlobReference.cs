namespace Ingestion.Jobs;

/// <summary>A blob in the service's storage account.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.BlobReference")]
public sealed record BlobReference([property: Id(0)] string Container, [property: Id(1)] string Name);
