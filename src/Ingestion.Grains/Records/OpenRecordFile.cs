namespace Ingestion.Records;

/// <summary>
/// A record file that was open when the checkpoint was taken: what it takes to write it again, the same name with the
/// same records, from the records at or after <see cref="OpenedAt"/> that belong to its partition.
/// </summary>
[GenerateSerializer, Alias("Ingestion.OpenRecordFile")]
public sealed class OpenRecordFile
{
    /// <summary>The partition's folder (<c>created_at_day=2024-06-01</c>), empty when records are not partitioned.</summary>
    [Id(0)] public required string Partition { get; init; }

    /// <summary>The file's number in the job, which names it.</summary>
    [Id(1)] public required int Sequence { get; init; }

    [Id(2)] public required int SchemaVersion { get; init; }

    /// <summary>The position of the file's first record.</summary>
    [Id(3)] public required RecordPosition OpenedAt { get; init; }

    /// <summary>When the file was last written to, by the fold's clock: the least recent is closed first.</summary>
    [Id(4)] public long LastWrite { get; set; }
}
