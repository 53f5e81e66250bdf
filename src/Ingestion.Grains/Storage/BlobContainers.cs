using System.Collections.Concurrent;
using Azure.Storage.Blobs;

namespace Ingestion.Storage;

/// <summary>
/// Makes sure a container exists, asking storage once per container and process rather than once per job: a request
/// saved per job, and one "409 already exists" per process instead of one in every job's trace (the service defaults
/// mark that answer as expected, not as an error).
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

        // Not "exists?" first: that answers 404 for a new container, which traces show as a failed request too.
        await blobService.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _known.TryAdd(container, true);
    }

    /// <summary>Forgets a container, after a request found it gone (deleted by hand, say), so the next call creates it again.</summary>
    public void Forget(string container) => _known.TryRemove(container, out _);
}
