namespace Ingestion.Benchmarks;

/// <summary>
/// A job's records as its manifest states them: rows, files and their bytes, the partitions they fall in, pages that had
/// none; and the rows the job showed as written when its last page ended (as its view reports them, a few hundred pages
/// behind at most), to show how far the records lag behind the pages.
/// </summary>
public sealed record RecordsWritten(long Rows, int Files, long Bytes, int Partitions, int ErrorPages, long? RowsWhenPagesEnded);
