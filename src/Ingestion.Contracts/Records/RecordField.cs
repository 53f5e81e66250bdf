namespace Ingestion.Records;

/// <summary>A column of the records' schema as the manifest shows it.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordFieldType")]
public sealed record RecordField([property: Id(0)] string Name, [property: Id(1)] string Type, [property: Id(2)] bool Nullable = true);
