using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Ingestion.Jobs;

namespace Ingestion.Storage;

/// <summary>
/// Reads a URL list kept in a blob, one URL per line, as a stream: a list of a million URLs is never in memory at once.
/// Blank lines and lines starting with <c>#</c> are not pages.
/// </summary>
public sealed class UrlListReader(BlobServiceClient blobService)
{
    /// <summary>The list's URLs in order; page n is the n-th.</summary>
    public async IAsyncEnumerable<string> ReadAsync(BlobReference list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blob = blobService.GetBlobContainerClient(list.Container).GetBlobClient(list.Name);
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var url = line.Trim();
            if (url.Length > 0 && url[0] != '#')
            {
                yield return url;
            }
        }
    }

    /// <summary>How many URLs the list holds, or null when the blob does not exist.</summary>
    public async Task<int?> CountAsync(BlobReference list, CancellationToken cancellationToken)
    {
        try
        {
            var count = 0;
            await foreach (var _ in ReadAsync(list, cancellationToken))
            {
                count++;
            }

            return count;
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }
}
