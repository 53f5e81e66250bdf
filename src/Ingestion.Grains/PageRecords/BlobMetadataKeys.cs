namespace Ingestion.PageRecords;

/// <summary>
/// The metadata keys a page blob carries (names must be C# identifiers, so no dashes). Stored data depends on them:
/// read and write them through <see cref="PageBlobMetadata"/>.
/// </summary>
public static class BlobMetadataKeys
{
    public const string SourceUrl = "source_url";
    public const string Page = "page";
    public const string JobId = "job_id";
    public const string Sha256 = "sha256";
    public const string Attempts = "attempts";
    public const string FetchedAt = "fetched_at";
    public const string HttpStatus = "http_status";
    public const string ReachedFrom = "reached_from";
    public const string ETag = "etag";
    public const string LastModified = "last_modified";
    public const string Watermark = "watermark";
}
