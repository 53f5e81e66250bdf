using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Jobs;

namespace Ingestion.IntegrationTests;

/// <summary>Uploads a URL list as a blob, one line each, for a job to read; streamed, so a list of any length fits.</summary>
internal sealed class UrlListUploader(BlobServiceClient blobs)
{
    public async Task<BlobReference> UploadAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("lists");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = $"urls-{Guid.NewGuid():N}.txt";
        await using (var stream = await container.GetBlockBlobClient(name).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var writer = new StreamWriter(stream))
        {
            foreach (var line in lines)
            {
                await writer.WriteAsync(line.AsMemory(), cancellationToken);
                await writer.WriteAsync("\n".AsMemory(), cancellationToken);
            }
        }

        return new BlobReference("lists", name);
    }
}
