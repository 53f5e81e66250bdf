using System.Diagnostics.CodeAnalysis;

namespace Ingestion.Records;

/// <summary>What a record column holds, as its values' JSON types say; each maps to one Parquet logical type.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Parquet types that readers see.")]
public enum ColumnType
{
    /// <summary>JSON integers that fit 64 bits.</summary>
    Int64,

    /// <summary>Other JSON numbers, and a column of integers that later holds a fraction.</summary>
    Double,

    Boolean,

    /// <summary>Strings that are all ISO-8601 date-times with an offset, stored as UTC instants.</summary>
    Timestamp,

    String,

    /// <summary>Nested objects and arrays, stored as their JSON text.</summary>
    Json,
}
