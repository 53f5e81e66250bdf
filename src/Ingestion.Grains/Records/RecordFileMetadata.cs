using System.Globalization;
using Ingestion.PageRecords;

namespace Ingestion.Records;

/// <summary>
/// What a committed record file says of itself in its blob metadata: its job, rows, partition and schema version, and
/// the SHA-256 of its bytes. The files are their own record, so the manifest lists them from storage, however many.
/// </summary>
public static class RecordFileMetadata
{
    public const string Rows = "rows";
    public const string Partition = "partition";
    public const string SchemaVersion = "schema_version";

    public static Dictionary<string, string> Of(Guid jobId, string partition, int schemaVersion) => new()
    {
        [BlobMetadataKeys.JobId] = jobId.ToString(),
        [Partition] = partition,
        [SchemaVersion] = schemaVersion.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Adds what is only known once the file's bytes are all written, just before it is committed.</summary>
    public static void Complete(IDictionary<string, string> metadata, long rows, string sha256)
    {
        metadata[Rows] = rows.ToString(CultureInfo.InvariantCulture);
        metadata[BlobMetadataKeys.Sha256] = sha256;
    }
}
