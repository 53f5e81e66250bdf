using System.Collections.Immutable;

namespace Ingestion.Records;

/// <summary>A job's records once written: the manifest's <c>records</c>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordsSummary")]
public sealed record RecordsSummary
{
    /// <summary>Where the files are: <c>{prefix}/records/</c>.</summary>
    [Id(0)] public required string Prefix { get; init; }

    [Id(1)] public required string Format { get; init; }

    [Id(2)] public required long Rows { get; init; }

    [Id(3)] public required long Bytes { get; init; }

    /// <summary>The widest schema, the one of the latest files; each file names the version it was written with.</summary>
    [Id(4)] public required ImmutableArray<RecordField> Schema { get; init; }

    [Id(5)] public required int SchemaVersion { get; init; }

    /// <summary>The partition column, when records are partitioned (<c>created_at_day</c>).</summary>
    [Id(6)] public string? PartitionColumn { get; init; }

    [Id(7)] public required ImmutableArray<RecordFileEntry> Files { get; init; }

    [Id(8)] public required ImmutableArray<string> Warnings { get; init; }

    /// <summary>Pages whose records could not be read; their raw pages are kept.</summary>
    [Id(9)] public required int ErrorPages { get; init; }

    [Id(10)] public required ImmutableArray<RecordErrorEntry> Errors { get; init; }
}
