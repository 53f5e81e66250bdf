using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Grains.Jobs.Baselines;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Records;

/// <summary>
/// Reads back the content of a job's pages for its records: a stored page from its blob, found by listing the hundred
/// page names it shares its leading digits with (one listing for a hundred pages, with their metadata); a page found
/// unchanged from the blob the baseline's manifest names for it. Pages are asked for in increasing order.
/// </summary>
internal sealed class StoredPageReader(
    BlobServiceClient blobService, ManifestStore manifests, RecordsAssignment assignment, ILogger logger) : IAsyncDisposable
{
    private const int PagesPerListing = 100;

    private readonly BlobContainerClient _container = blobService.GetBlobContainerClient(assignment.Destination.Container);
    private readonly BaselinePages _baseline = new(manifests, assignment.Baseline, logger);
    private readonly Dictionary<int, (string Name, DateTimeOffset? FetchedAt)> _listed = [];

    // Reads run a few at a time; finding a page's blob (the listing, the baseline's cursor) is one at a time.
    private readonly SemaphoreSlim _finding = new(1, 1);
    private string? _listedPrefix;

    /// <summary>The page's body and when it was fetched; null when its blob cannot be found.</summary>
    public async Task<StoredPageBody?> ReadAsync(int page, PageStatus status, CancellationToken cancellationToken)
    {
        (string Name, DateTimeOffset? FetchedAt)? found;
        await _finding.WaitAsync(cancellationToken);
        try
        {
            found = status == PageStatus.Unchanged
                ? await _baseline.EntryOfAsync(page, cancellationToken) is { Blob: { } blob } entry ? (blob, entry.FetchedAt) : null
                : await FindAsync(page, cancellationToken);
        }
        finally
        {
            _finding.Release();
        }

        if (found is not var (name, fetchedAt))
        {
            return null;
        }

        try
        {
            var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return new StoredPageBody(name, fetchedAt, content.Value.Content.ToMemory());
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _baseline.DisposeAsync();
        _finding.Dispose();
    }

    private async Task<(string Name, DateTimeOffset? FetchedAt)?> FindAsync(int page, CancellationToken cancellationToken)
    {
        var stem = PageBlobNames.Stem(assignment.Destination, page, assignment.PageNameCount);
        var prefix = stem[..^2];
        if (prefix != _listedPrefix || !_listed.ContainsKey(page))
        {
            // A new hundred, or a page stored since the listing: list again.
            await ListAsync(prefix, cancellationToken);
        }

        return _listed.TryGetValue(page, out var found) ? found : null;
    }

    private async Task ListAsync(string prefix, CancellationToken cancellationToken)
    {
        _listed.Clear();
        _listedPrefix = prefix;
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken)
            .AsPages(pageSizeHint: PagesPerListing * 2).WithCancellation(cancellationToken))
        {
            foreach (var item in blob.Values)
            {
                if (PageBlobMetadata.TryReadPage(item.Metadata, assignment.JobId, out var number))
                {
                    var record = PageBlobMetadata.ReadRecord(item.Metadata, number, item.Name, item.Properties.ContentLength, item.Properties.ContentType, "");
                    _listed[number] = (item.Name, record.FetchedAt);
                }
            }
        }
    }
}
