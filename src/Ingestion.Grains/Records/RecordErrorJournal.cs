using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace Ingestion.Records;

/// <summary>
/// The pages of a job whose records could not be read, one JSON line each, in the service's journal container. A page
/// may be noted twice (a fold that resumed read it again); reading gives each page once, in page order.
/// </summary>
public sealed class RecordErrorJournal(BlobServiceClient blobService, BlobContainers containers, IOptions<StorageOptions> options)
{
    public async Task AppendAsync(Guid jobId, RecordErrorEntry error, CancellationToken cancellationToken)
    {
        using var block = new MemoryStream();
        block.Write(JsonSerializer.SerializeToUtf8Bytes(error, ManifestJson.Options));
        block.WriteByte((byte)'\n');
        await JournalAppends.AppendAsync(BlobFor(jobId), block, containers, options.Value.JournalContainer, cancellationToken);
    }

    public async Task<IReadOnlyList<RecordErrorEntry>> ReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var errors = new SortedDictionary<int, RecordErrorEntry>();
        try
        {
            await using var stream = await BlobFor(jobId).OpenReadAsync(cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
            {
                if (JsonSerializer.Deserialize<RecordErrorEntry>(line, ManifestJson.Options) is { } error)
                {
                    errors.TryAdd(error.Page, error);
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return [];
        }

        return [.. errors.Values];
    }

    private AppendBlobClient BlobFor(Guid jobId) =>
        blobService.GetBlobContainerClient(options.Value.JournalContainer).GetAppendBlobClient($"{jobId}/record-errors.jsonl");
}
