using System.Diagnostics.CodeAnalysis;

namespace Ingestion.Records;

/// <summary>
/// What a job extracts from each page it stores: the array of records at <see cref="Pointer"/>, written into files of
/// <see cref="Format"/> under <c>{prefix}/records/</c>, partitioned Hive-style when <see cref="PartitionBy"/> says so.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordsSpec")]
public sealed record RecordsSpec
{
    public const int DefaultTargetFileMiB = 128;
    public const int MinTargetFileMiB = 1;
    public const int MaxTargetFileMiB = 1024;

    /// <summary>A JSON Pointer (RFC 6901) to the array of records in a page; empty for a page that is the array.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON Pointer, named as the spec names it.")]
    [Id(0)] public string Pointer { get; init; } = "";

    [Id(1)] public RecordFormat Format { get; init; } = RecordFormat.Parquet;

    [Id(2)] public RecordPartitionSpec? PartitionBy { get; init; }

    /// <summary>A file is closed, and the next one opened, once it holds this many MiB.</summary>
    [Id(3)] public int TargetFileMiB { get; init; } = DefaultTargetFileMiB;

    /// <summary>Each record gains <c>_job_id</c>, <c>_page</c> and <c>_fetched_at</c>: where it came from.</summary>
    [Id(4)] public bool Lineage { get; init; }

    /// <summary>
    /// Whether the raw pages stay stored once their records are written. Without them, the job's page blobs are deleted
    /// when it completes: its records and manifest stay, its failed pages cannot be retried, and a later run of its
    /// pipeline has nothing to revalidate against.
    /// </summary>
    [Id(5)] public bool KeepPages { get; init; } = true;
}
