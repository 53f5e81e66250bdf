using System.Collections.Immutable;

namespace Ingestion.Records;

/// <summary>A job's records as its manifest states them, from the fold's checkpoint and the committed files.</summary>
public static class RecordsSummaries
{
    public static RecordsSummary Of(
        RecordsAssignment assignment, RecordsCheckpoint checkpoint, ImmutableArray<RecordFileEntry> files, IReadOnlyList<RecordErrorEntry> errors)
    {
        var spec = assignment.Records;
        var lineage = spec.Lineage ? LineageFields : [];
        var schema = checkpoint.LatestSchema.Columns
            .Where(column => !spec.Lineage || !RecordLineage.IsColumn(column.Name))
            .Select(column => new RecordField(column.Name, TypeName(column.Type)))
            .Concat(lineage);
        var warnings = checkpoint.WarningCount > checkpoint.Warnings.Count
            ? [.. checkpoint.Warnings, $"... and {checkpoint.WarningCount - checkpoint.Warnings.Count} more warnings."]
            : checkpoint.Warnings;
        return new RecordsSummary
        {
            Prefix = RecordFileNames.PrefixOf(assignment.Destination),
            Format = spec.Format == RecordFormat.Parquet ? "parquet" : "jsonl.gz",
            Rows = files.Sum(file => file.Rows),
            Bytes = files.Sum(file => file.Bytes),
            Schema = [.. schema],
            SchemaVersion = checkpoint.LatestSchema.Version,
            PartitionColumn = spec.PartitionBy is { } partition ? new RecordPartitioner(partition.Pointer, partition.Granularity).Column : null,
            Files = files,
            Warnings = [.. warnings],
            ErrorPages = Math.Max(checkpoint.ErrorPages, errors.Count),
            Errors = [.. errors],
        };
    }

    private static readonly RecordField[] LineageFields =
    [
        new(RecordLineage.JobIdColumn, "string", Nullable: false),
        new(RecordLineage.PageColumn, "int64", Nullable: false),
        new(RecordLineage.FetchedAtColumn, "timestamp"),
    ];

    /// <summary>A column type as Parquet readers name it.</summary>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 => "int64",
        ColumnType.Double => "double",
        ColumnType.Boolean => "boolean",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Json => "json",
        _ => "string",
    };
}
