namespace Ingestion.Records;

/// <summary>One column of a record file: every column is nullable, as a record may lack any field.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordColumn")]
public sealed record RecordColumn([property: Id(0)] string Name, [property: Id(1)] ColumnType Type);
