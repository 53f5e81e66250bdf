using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;
using Ingestion.Records;

namespace Ingestion.Api.Jobs.Wire;

[Description("The records to extract from each page the job stores: the array at pointer, written into files of format under {prefix}/records/ in the destination's container while the job runs, partitioned Hive-style when partitionBy says so. The pages are still stored as fetched.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecordsInput
{
    [Description("A JSON Pointer (RFC 6901) to the array of records in each page, such as \"/items\"; \"\" (the default) for a page that is itself the array.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    [DefaultValue("")]
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON Pointer, named as the spec names it.")]
    public string? Pointer { get; init; }

    [Description("The files' format: parquet (Apache Parquet, its schema inferred from the records; the default) or jsonl.gz (JSON Lines, one record per line, gzip-compressed).")]
    [AllowedNames("parquet", "jsonl.gz")]
    [DefaultValue("parquet")]
    public string? Format { get; init; }

    [Description("Partition the records by a time each holds, into Hive-style folders such as created_at_day=2024-06-01. Left out, the files are not partitioned.")]
    public RecordPartitionInput? PartitionBy { get; init; }

    [Description("A file is closed, and the next one begun, once it holds about this many MiB.")]
    [Range(RecordsSpec.MinTargetFileMiB, RecordsSpec.MaxTargetFileMiB)]
    [DefaultValue(RecordsSpec.DefaultTargetFileMiB)]
    public int? TargetFileMiB { get; init; }

    [Description("Add to each record where it came from: _job_id, _page and _fetched_at (a field of the record by one of those names gives way).")]
    [DefaultValue(false)]
    public bool? Lineage { get; init; }

    [Description("Keep the raw pages once their records are written (the default). With false, the job's page blobs are deleted when it completes: the records and the manifest stay, the failed pages cannot be retried, and a pipeline's next run fetches every page in full.")]
    [DefaultValue(true)]
    public bool? KeepPages { get; init; }
}
