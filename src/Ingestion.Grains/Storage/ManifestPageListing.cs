using System.Text.Json;
using Azure;
using Ingestion.Jobs;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Storage;

/// <summary>
/// A slice of an ended job's manifest entries, optionally in one status, with how many match in all. Through the
/// manifest's index when it has one that still describes it: the totals from the index, the slice from one stretch of
/// the manifest, so the 999,000th entry of a million is as quick to list as the first. Otherwise (a manifest written
/// before indexes, an index gone, damaged or of an earlier manifest) by reading the whole manifest. Both give the same
/// answer; nothing read through an index that turns out wrong is kept.
/// </summary>
public sealed partial class ManifestPageListing(ManifestStore manifests, ILogger<ManifestPageListing> logger)
{
    /// <summary>
    /// The <paramref name="take"/> entries in <paramref name="status"/> (any, for null) after the first
    /// <paramref name="skip"/> of the manifest <paramref name="head"/> describes, which names <paramref name="jobId"/>.
    /// Through the index, the answer is that manifest's as it was when its head was read: its stretch is read on
    /// condition that it has not changed since, and a slice past its last match reads nothing more than the index.
    /// </summary>
    public async Task<Listing<PageRecord>> ListAsync(
        Guid jobId, DestinationSpec destination, ManifestHead head, PageStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        if (head.IndexWritten && await UsableIndexAsync(jobId, destination, head.ETag, cancellationToken) is { } index)
        {
            try
            {
                return await ListIndexedAsync(destination, head.ETag, index, status, skip, take, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                LogManifestChanged(jobId, destination.Container, destination.ManifestBlobName);
            }
            catch (Exception exception) when (exception is JsonException or InvalidDataException
                || exception is RequestFailedException { Status: 416 })
            {
                LogIndexWrong(exception, jobId, destination.Container, destination.ManifestIndexBlobName);
            }
        }

        return await ScanAsync(jobId, destination, status, skip, take, cancellationToken);
    }

    /// <summary>The slice read through <paramref name="index"/>: one stretch of the manifest, read only as far as the slice.</summary>
    private async Task<Listing<PageRecord>> ListIndexedAsync(
        DestinationSpec destination, ETag manifestETag, ManifestIndex index, PageStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        var seek = ManifestIndexSeek.Of(index, status, skip, take);
        var items = new List<PageRecord>(Math.Min(take, 1024));
        if (seek.Stretch is { } stretch)
        {
            var passed = 0;
            var first = true;
            await foreach (var page in manifests.ReadStretchAsync(destination, manifestETag, stretch, cancellationToken))
            {
                if (first && page.Page != stretch.FirstPage)
                {
                    throw new InvalidDataException($"The index's checkpoint at byte {stretch.From} is page {stretch.FirstPage}; the manifest has page {page.Page} there.");
                }

                first = false;
                if (status is not null && page.Status != status)
                {
                    continue;
                }

                if (passed++ < stretch.Skip)
                {
                    continue;
                }

                items.Add(page);
                if (items.Count == take)
                {
                    break;
                }
            }
        }

        var expected = Math.Clamp(seek.Total - skip, 0, take);
        if (items.Count != expected)
        {
            throw new InvalidDataException($"The index promised {expected} entries from {skip} on; the manifest's stretch held {items.Count}.");
        }

        return new Listing<PageRecord>(items, seek.Total, skip, take);
    }

    /// <summary>The whole manifest read as a stream, every entry counted and only the slice's kept.</summary>
    private async Task<Listing<PageRecord>> ScanAsync(
        Guid jobId, DestinationSpec destination, PageStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        var total = 0;
        var items = new List<PageRecord>(Math.Min(take, 1024));
        await foreach (var page in manifests.ReadPagesAsync(jobId, destination, cancellationToken))
        {
            if (status is not null && page.Status != status)
            {
                continue;
            }

            if (total >= skip && items.Count < take)
            {
                items.Add(page);
            }

            total++;
        }

        return new Listing<PageRecord>(items, total, skip, take);
    }

    /// <summary>
    /// The manifest's index when it describes the manifest of <paramref name="manifestETag"/>, for
    /// <paramref name="jobId"/>, and is consistent; null (and why, logged) when it does not.
    /// </summary>
    private async Task<ManifestIndex?> UsableIndexAsync(Guid jobId, DestinationSpec destination, ETag manifestETag, CancellationToken cancellationToken)
    {
        ManifestIndex? index;
        try
        {
            index = await manifests.Indexes.ReadAsync(destination, cancellationToken);
        }
        catch (JsonException exception)
        {
            LogIndexWrong(exception, jobId, destination.Container, destination.ManifestIndexBlobName);
            return null;
        }

        if (index is null)
        {
            LogIndexMissing(jobId, destination.Container, destination.ManifestIndexBlobName);
            return null;
        }

        if (new ETag(index.ManifestETag) != manifestETag)
        {
            // Written again since its index was (a retry of its failed pages, say), and its new index not yet written.
            LogManifestChanged(jobId, destination.Container, destination.ManifestBlobName);
            return null;
        }

        var flaw = index.JobId == jobId ? index.FindFlaw() : $"It is job {index.JobId}'s.";
        if (flaw is not null)
        {
            LogIndexFlawed(jobId, destination.Container, destination.ManifestIndexBlobName, flaw);
            return null;
        }

        return index;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}'s manifest {Container}/{Blob} changed since its index was written; its pages are listed by reading it whole")]
    private partial void LogManifestChanged(Guid jobId, string container, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s manifest says it has an index, but {Container}/{Blob} is not there; its pages are listed by reading it whole")]
    private partial void LogIndexMissing(Guid jobId, string container, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s manifest index {Container}/{Blob} does not fit the manifest; its pages are listed by reading the manifest whole")]
    private partial void LogIndexWrong(Exception exception, Guid jobId, string container, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}'s manifest index {Container}/{Blob} is not consistent ({Flaw}); its pages are listed by reading the manifest whole")]
    private partial void LogIndexFlawed(Guid jobId, string container, string blob, string flaw);
}
