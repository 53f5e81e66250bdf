namespace Ingestion.Records;

/// <summary>One column of a record file: every column is nullable, as a record may lack any field.</summary>
public sealed record RecordColumn(string Name, ColumnType Type);
