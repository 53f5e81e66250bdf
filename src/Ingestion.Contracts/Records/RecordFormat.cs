namespace Ingestion.Records;

/// <summary>The file format a job writes its records in.</summary>
public enum RecordFormat
{
    /// <summary>Apache Parquet, its schema inferred from the records.</summary>
    Parquet,

    /// <summary>JSON Lines, one record per line, gzip-compressed (<c>.jsonl.gz</c>).</summary>
    JsonLinesGzip,
}
