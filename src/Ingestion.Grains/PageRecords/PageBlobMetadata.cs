using System.Globalization;
using Ingestion.Pages;

namespace Ingestion.PageRecords;

/// <summary>
/// A stored page's record as its blob carries it: the metadata committed with the blob (<see cref="BlobMetadataKeys"/>),
/// the rest being the blob's own name, size and Content-Type. The blobs are the record of a job's stored pages, so this
/// is what a resumed job, a listing and a manifest read them back from.
/// </summary>
public static class PageBlobMetadata
{
    // Blob metadata is limited to 8 KiB in all; a longer URL is left to the manifest.
    private const int MaxUrlLength = 4096;

    /// <summary>
    /// The metadata of <paramref name="page"/>'s blob, which <paramref name="jobId"/> stores. The SHA-256 is only known
    /// once the body has been written: <see cref="SetSha256"/> adds it then, before the commit.
    /// </summary>
    public static Dictionary<string, string> Of(Guid jobId, PageRecord page)
    {
        var metadata = new Dictionary<string, string>
        {
            [BlobMetadataKeys.Page] = Format(page.Page),
            [BlobMetadataKeys.JobId] = jobId.ToString(),
            [BlobMetadataKeys.Attempts] = Format(page.Attempts),
        };
        AddIfKnown(metadata, BlobMetadataKeys.FetchedAt, page.FetchedAt?.ToString("O", CultureInfo.InvariantCulture));
        AddIfKnown(metadata, BlobMetadataKeys.HttpStatus, page.HttpStatus is { } status ? Format(status) : null);
        AddIfKnown(metadata, BlobMetadataKeys.SourceUrl, page.Url.Length is > 0 and <= MaxUrlLength ? page.Url : null);
        AddIfKnown(metadata, BlobMetadataKeys.ReachedFrom, page.ReachedFrom is { } from ? Format(from) : null);
        AddIfKnown(metadata, BlobMetadataKeys.Sha256, page.Sha256);
        AddIfKnown(metadata, BlobMetadataKeys.ETag, page.ETag);
        AddIfKnown(metadata, BlobMetadataKeys.LastModified, page.LastModified);
        AddIfKnown(metadata, BlobMetadataKeys.Watermark, page.Watermark);
        return metadata;
    }

    public static void SetSha256(IDictionary<string, string> metadata, string sha256) =>
        metadata[BlobMetadataKeys.Sha256] = sha256;

    /// <summary>Whether the blob is one of <paramref name="jobId"/>'s pages, and which one.</summary>
    public static bool TryReadPage(IDictionary<string, string>? metadata, Guid jobId, out int page)
    {
        if (Get(metadata, BlobMetadataKeys.JobId) == jobId.ToString() && ParseInt(Get(metadata, BlobMetadataKeys.Page)) is { } number)
        {
            page = number;
            return true;
        }

        page = 0;
        return false;
    }

    /// <summary>Whether the blob is page <paramref name="page"/> of <paramref name="jobId"/>.</summary>
    public static bool IsPage(IDictionary<string, string>? metadata, Guid jobId, int page) =>
        TryReadPage(metadata, jobId, out var stored) && stored == page;

    /// <summary>The job that stored the blob; null when its metadata names none, or none that reads as a job id.</summary>
    public static Guid? JobIdOf(IDictionary<string, string>? metadata) =>
        Guid.TryParse(Get(metadata, BlobMetadataKeys.JobId), out var jobId) ? jobId : null;

    /// <summary>Whether the blob names a job other than <paramref name="jobId"/> (one whose id does not read as a job id included).</summary>
    public static bool NamesJobOtherThan(IDictionary<string, string>? metadata, Guid jobId) =>
        Get(metadata, BlobMetadataKeys.JobId) is { } owner && owner != jobId.ToString();

    /// <summary>
    /// The record of stored page <paramref name="page"/> (see <see cref="TryReadPage"/>), from its blob's metadata and
    /// properties; <paramref name="urlIfUnrecorded"/> stands in for a URL that was too long for the metadata.
    /// </summary>
    public static PageRecord ReadRecord(
        IDictionary<string, string> metadata, int page, string blobName, long? bytes, string? contentType, string urlIfUnrecorded) => new()
        {
            Page = page,
            Url = Get(metadata, BlobMetadataKeys.SourceUrl) ?? urlIfUnrecorded,
            Status = PageStatus.Succeeded,
            HttpStatus = ParseInt(Get(metadata, BlobMetadataKeys.HttpStatus)),
            // Every blob records its attempts; were one not to, it was stored, so it took one at least.
            Attempts = ParseInt(Get(metadata, BlobMetadataKeys.Attempts)) ?? 1,
            Blob = blobName,
            Bytes = bytes,
            Sha256 = Get(metadata, BlobMetadataKeys.Sha256),
            ContentType = contentType,
            FetchedAt = DateTimeOffset.TryParse(
                Get(metadata, BlobMetadataKeys.FetchedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : null,
            ReachedFrom = ParseInt(Get(metadata, BlobMetadataKeys.ReachedFrom)),
            ETag = Get(metadata, BlobMetadataKeys.ETag),
            LastModified = Get(metadata, BlobMetadataKeys.LastModified),
            Watermark = Get(metadata, BlobMetadataKeys.Watermark),
        };

    private static void AddIfKnown(Dictionary<string, string> metadata, string key, string? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }

    private static string? Get(IDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
