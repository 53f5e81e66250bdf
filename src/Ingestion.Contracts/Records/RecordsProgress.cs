namespace Ingestion.Records;

/// <summary>How far a job's records have come: records folded, files committed, pages whose records could not be read.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordsProgress")]
public sealed record RecordsProgress
{
    [Id(0)] public long Rows { get; init; }

    [Id(1)] public int Files { get; init; }

    [Id(2)] public long Bytes { get; init; }

    [Id(3)] public int ErrorPages { get; init; }

    /// <summary>Records folded per second lately; shown while the job runs.</summary>
    [Id(4)] public double? RowsPerSecond { get; init; }
}
