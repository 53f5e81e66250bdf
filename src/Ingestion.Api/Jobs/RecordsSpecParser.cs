using Ingestion.Api.Jobs.Wire;
using Ingestion.Records;

namespace Ingestion.Api.Jobs;

/// <summary>
/// The <c>records</c> of a job spec, read against <see cref="RecordsInput"/> with every default filled in: where the
/// records are in a page, the files they are written to, and the time they are partitioned by.
/// </summary>
internal static class RecordsSpecParser
{
    /// <summary>
    /// The records the spec asks for; null when it asks for none. On errors the defaults stand in for the fields refused
    /// (no spec is made then).
    /// </summary>
    public static RecordsSpec? Parse(FieldSet spec, ValidationErrors errors)
    {
        if (spec.Object(nameof(JobSpecInput.Records), errors) is not { } fields)
        {
            return null;
        }

        var pointer = fields.String(nameof(RecordsInput.Pointer), errors) ?? "";
        if (SourceFieldRules.ProblemWithJsonPointer(pointer) is { } problem)
        {
            errors.Add(fields.PathOf(nameof(RecordsInput.Pointer)), problem);
        }

        var format = RecordFormat.Parquet;
        if (fields.String(nameof(RecordsInput.Format), errors) is { } name)
        {
            if (RecordFormatNames.Parse(name) is { } known)
            {
                format = known;
            }
            else
            {
                errors.Add(fields.PathOf(nameof(RecordsInput.Format)), RecordFormatNames.MustBeOneOf);
            }
        }

        return new RecordsSpec
        {
            Pointer = pointer,
            Format = format,
            PartitionBy = ParsePartition(fields, errors),
            TargetFileMiB = fields.Integer(nameof(RecordsInput.TargetFileMiB), errors) ?? RecordsSpec.DefaultTargetFileMiB,
            Lineage = fields.Boolean(nameof(RecordsInput.Lineage), errors) ?? false,
            KeepPages = fields.Boolean(nameof(RecordsInput.KeepPages), errors) ?? true,
        };
    }

    private static RecordPartitionSpec? ParsePartition(FieldSet records, ValidationErrors errors)
    {
        if (records.Object(nameof(RecordsInput.PartitionBy), errors) is not { } fields)
        {
            return null;
        }

        var pointer = fields.String(nameof(RecordPartitionInput.Pointer), errors);
        if (pointer is not null && ProblemWithTimePointer(pointer) is { } problem)
        {
            errors.Add(fields.PathOf(nameof(RecordPartitionInput.Pointer)), problem);
        }

        var granularity = PartitionGranularity.Day;
        if (fields.String(nameof(RecordPartitionInput.Granularity), errors) is { } name)
        {
            if (NamedChoices<PartitionGranularity>.Parse(typeof(RecordPartitionInput), nameof(RecordPartitionInput.Granularity), name) is { } known)
            {
                granularity = known;
            }
            else
            {
                errors.Add(
                    fields.PathOf(nameof(RecordPartitionInput.Granularity)),
                    NamedChoices<PartitionGranularity>.MustBeOneOf(typeof(RecordPartitionInput), nameof(RecordPartitionInput.Granularity)));
            }
        }

        return pointer is null ? null : new RecordPartitionSpec { Pointer = pointer, Granularity = granularity };
    }

    /// <summary>A pointer to a value within each record: never the record itself, which is no time.</summary>
    private static string? ProblemWithTimePointer(string pointer) =>
        pointer.StartsWith('/')
            ? SourceFieldRules.ProblemWithJsonPointer(pointer)
            : "Must be a JSON pointer (RFC 6901) to a time in each record, starting with '/', such as \"/created_at\".";
}
