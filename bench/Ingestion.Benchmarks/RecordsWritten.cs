namespace Ingestion.Benchmarks;

/// <summary>A job's records as its manifest states them: rows, files and their bytes, the partitions they fall in, pages that had none.</summary>
public sealed record RecordsWritten(long Rows, int Files, long Bytes, int Partitions, int ErrorPages);
