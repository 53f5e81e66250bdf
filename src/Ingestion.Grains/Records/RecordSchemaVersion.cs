namespace Ingestion.Records;

/// <summary>One version of a job's record schema: each widening makes the next.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordSchemaVersion")]
public sealed record RecordSchemaVersion([property: Id(0)] int Version, [property: Id(1)] IReadOnlyList<RecordColumn> Columns);
