using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Microsoft.Extensions.Options;

namespace Ingestion.Storage;

/// <summary>
/// An append-only record of a job's pages that ended without a blob of their own, one JSON line each, written in batches
/// at checkpoints: those that failed for good, and those a conditional request found unchanged. Stored pages need no
/// such record (the blob and its metadata are the record); these do, so that a job that resumes after a crash still
/// knows which pages ended and how, without keeping them in its grain state. (The blob names, <c>failed-pages</c>,
/// are older than unchanged pages; journals of jobs under way keep being read by them.)
/// </summary>
/// <remarks>
/// Each run of a job (its first, and each retry of its failed pages) has a journal of its own, numbered by
/// <c>round</c>: a retry starts with no failures, and a page that fails again is journaled again.
/// </remarks>
public sealed class UnstoredPageJournal(BlobServiceClient blobService, BlobContainers containers, IOptions<StorageOptions> options)
{
    // An append block holds at most 4 MiB.
    private const int MaxBlockBytes = 4 * 1024 * 1024;

    public async Task AppendAsync(Guid jobId, int round, IReadOnlyCollection<PageRecord> pages, CancellationToken cancellationToken)
    {
        if (pages.Count == 0)
        {
            return;
        }

        var blob = BlobFor(jobId, round);
        using var block = new MemoryStream();
        foreach (var page in pages)
        {
            var line = PageRecordJson.ToJournalLine(page);
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
    public async Task<IReadOnlyList<PageRecord>> ReadAsync(Guid jobId, int round, CancellationToken cancellationToken)
    {
        var blob = BlobFor(jobId, round);
        var pages = new List<PageRecord>();
        try
        {
            await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (PageRecordJson.FromJournalLine(line) is { } page)
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

    private Task AppendBlockAsync(AppendBlobClient blob, MemoryStream block, CancellationToken cancellationToken) =>
        JournalAppends.AppendAsync(blob, block, containers, options.Value.JournalContainer, cancellationToken);

    private AppendBlobClient BlobFor(Guid jobId, int round) =>
        blobService.GetBlobContainerClient(options.Value.JournalContainer).GetAppendBlobClient(BlobName(jobId, round));

    private static string BlobName(Guid jobId, int round) =>
        round == 0 ? $"{jobId}/failed-pages.jsonl" : $"{jobId}/failed-pages.{round}.jsonl";
}
