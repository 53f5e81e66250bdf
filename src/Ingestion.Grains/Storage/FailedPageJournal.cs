using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Pages;
using Microsoft.Extensions.Options;

namespace Ingestion.Storage;

/// <summary>
/// An append-only record of a job's pages that failed for good, one JSON line each, written in batches at checkpoints.
/// Stored pages need no such record (the blob and its metadata are the record); failed ones do, so that a job that
/// resumes after a crash still knows which pages failed and why, without keeping them in its grain state.
/// </summary>
public sealed class FailedPageJournal(BlobServiceClient blobService, IOptions<StorageOptions> options)
{
    // An append block holds at most 4 MiB.
    private const int MaxBlockBytes = 4 * 1024 * 1024;

    public async Task AppendAsync(Guid jobId, IReadOnlyCollection<PageRecord> pages, CancellationToken cancellationToken)
    {
        if (pages.Count == 0)
        {
            return;
        }

        var blob = await CreateIfMissingAsync(jobId, cancellationToken);
        using var block = new MemoryStream();
        foreach (var page in pages)
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(page, ManifestJson.Options);
            if (block.Length > 0 && block.Length + line.Length + 1 > MaxBlockBytes)
            {
                await AppendBlockAsync(blob, block, cancellationToken);
            }

            block.Write(line);
            block.WriteByte((byte)'\n');
        }

        await AppendBlockAsync(blob, block, cancellationToken);
    }

    /// <summary>Every record appended for the job, oldest first; empty when there are none.</summary>
    public async Task<IReadOnlyList<PageRecord>> ReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var blob = BlobFor(jobId);
        var pages = new List<PageRecord>();
        try
        {
            await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<PageRecord>(line, ManifestJson.Options) is { } page)
                {
                    pages.Add(page);
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return [];
        }

        return pages;
    }

    private async Task<AppendBlobClient> CreateIfMissingAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(options.Value.JournalContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetAppendBlobClient(BlobName(jobId));
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return blob;
    }

    private static async Task AppendBlockAsync(AppendBlobClient blob, MemoryStream block, CancellationToken cancellationToken)
    {
        block.Position = 0;
        await blob.AppendBlockAsync(block, cancellationToken: cancellationToken);
        block.SetLength(0);
    }

    private AppendBlobClient BlobFor(Guid jobId) =>
        blobService.GetBlobContainerClient(options.Value.JournalContainer).GetAppendBlobClient(BlobName(jobId));

    private static string BlobName(Guid jobId) => $"{jobId}/failed-pages.jsonl";
}
