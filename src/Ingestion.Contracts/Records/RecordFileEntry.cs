namespace Ingestion.Records;

/// <summary>One committed record file, as the manifest lists it.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordFileEntry")]
public sealed record RecordFileEntry
{
    [Id(0)] public required string Blob { get; init; }

    /// <summary>The partition's folder (<c>created_at_day=2024-06-01</c>); empty when records are not partitioned.</summary>
    [Id(1)] public required string Partition { get; init; }

    [Id(2)] public required long Rows { get; init; }

    [Id(3)] public required long Bytes { get; init; }

    [Id(4)] public string? Sha256 { get; init; }

    [Id(5)] public int SchemaVersion { get; init; }
}
