using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Finds the pages a job has already stored by listing its page blobs with their metadata: the blobs are the record of
/// stored pages, so a resumed job fetches none of them again. Blobs left under the same prefix by another job are
/// not counted.
/// </summary>
public sealed class StoredPageScanner(BlobServiceClient blobService)
{
    public async Task<IReadOnlyList<PageRecord>> ScanAsync(Guid jobId, JobSpec spec, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(spec.Destination.Container);
        var jobIdText = jobId.ToString();
        var pageCount = spec.Source.PageCount;
        var pages = new List<PageRecord>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(
                BlobTraits.Metadata, BlobStates.None, spec.Destination.PageBlobPrefix, cancellationToken))
            {
                var metadata = blob.Metadata;
                if (!metadata.TryGetValue(BlobMetadataKeys.JobId, out var owner) || owner != jobIdText
                    || !metadata.TryGetValue(BlobMetadataKeys.Page, out var pageText)
                    || !int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var page)
                    || page < 1 || page > pageCount)
                {
                    continue;
                }

                pages.Add(new PageRecord
                {
                    Page = page,
                    Url = Get(metadata, BlobMetadataKeys.SourceUrl) ?? spec.Source.UrlOf(page),
                    Status = PageStatus.Succeeded,
                    HttpStatus = ParseInt(Get(metadata, BlobMetadataKeys.HttpStatus)),
                    Attempts = ParseInt(Get(metadata, BlobMetadataKeys.Attempts)) ?? 1,
                    Blob = blob.Name,
                    Bytes = blob.Properties.ContentLength,
                    Sha256 = Get(metadata, BlobMetadataKeys.Sha256),
                    ContentType = blob.Properties.ContentType,
                    FetchedAt = DateTimeOffset.TryParse(
                        Get(metadata, BlobMetadataKeys.FetchedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                        ? at
                        : null,
                });
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No container yet: nothing stored.
        }

        return pages;
    }

    private static string? Get(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : null;

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
