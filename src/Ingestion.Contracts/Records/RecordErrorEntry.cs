namespace Ingestion.Records;

/// <summary>A stored page whose records could not be read, and why; its raw page is kept.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordErrorEntry")]
public sealed record RecordErrorEntry([property: Id(0)] int Page, [property: Id(1)] string Reason);
