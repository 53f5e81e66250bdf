using System.Collections.Concurrent;
using Azure.Storage.Blobs;

namespace Ingestion.Storage;

/// <summary>
/// Makes sure a container exists, asking storage once per container and process. Creating a container that exists
/// is answered 409, which every trace would show as a failed request; asking first, and then only once, keeps the
/// traces of a healthy job free of errors (and saves a request per job).
/// </summary>
public sealed class BlobContainers(BlobServiceClient blobService)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public async Task EnsureExistsAsync(string container, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(container))
        {
            return;
        }

        var client = blobService.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken))
        {
            // Another silo may create it between the two calls: that 409 is the rare one left.
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        _known.TryAdd(container, true);
    }

    /// <summary>Forgets a container, after a request found it gone (deleted by hand, say), so the next call creates it again.</summary>
    public void Forget(string container) => _known.TryRemove(container, out _);
}
