namespace Ingestion.Cli.Api;

/// <summary>
/// How far a job's records have come, as the API reports them for a job whose spec asks for records: rows and files
/// written so far, pages whose records could not be read, and rows per second while the job runs.
/// </summary>
public sealed record RecordsProgress(
    long Rows,
    int Files,
    long Bytes,
    int ErrorPages,
    double? RowsPerSecond = null);
