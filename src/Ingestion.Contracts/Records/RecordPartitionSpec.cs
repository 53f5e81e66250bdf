using System.Diagnostics.CodeAnalysis;

namespace Ingestion.Records;

/// <summary>Records are partitioned by the time at <see cref="Pointer"/> in each record, to <see cref="Granularity"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordPartitionSpec")]
public sealed record RecordPartitionSpec
{
    /// <summary>A JSON Pointer (RFC 6901) into a record, to an ISO-8601 date-time with an offset, or a date.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON Pointer, named as the spec names it.")]
    [Id(0)] public required string Pointer { get; init; }

    [Id(1)] public PartitionGranularity Granularity { get; init; } = PartitionGranularity.Day;
}
