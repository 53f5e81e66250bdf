using System.Text;
using Azure.Storage.Blobs;
using Ingestion.Jobs;

namespace Ingestion.IntegrationTests;

/// <summary>Uploads a URL list as a blob, one line each, for a job to read.</summary>
internal sealed class UrlListUploader(BlobServiceClient blobs)
{
    public async Task<BlobReference> UploadAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("lists");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = $"urls-{Guid.NewGuid():N}.txt";
        await container.GetBlobClient(name).UploadAsync(
            BinaryData.FromString(string.Join('\n', lines) + "\n"), cancellationToken);
        return new BlobReference("lists", name);
    }
}
