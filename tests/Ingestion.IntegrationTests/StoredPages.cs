using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.IntegrationTests;

/// <summary>Reads back what a job wrote: its page blobs with their properties, and its manifest.</summary>
internal static class StoredPages
{
    public sealed record StoredPage(string Name, byte[] Content, string ContentType, IDictionary<string, string> Metadata)
    {
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
    }

    public static async Task<IReadOnlyList<StoredPage>> ReadAllAsync(BlobServiceClient blobs, DestinationSpec destination)
    {
        var container = blobs.GetBlobContainerClient(destination.Container);
        var pages = new List<StoredPage>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, destination.PageBlobPrefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            var blob = container.GetBlobClient(item.Name);
            var download = await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
            pages.Add(new StoredPage(item.Name, download.Value.Content.ToArray(), download.Value.Details.ContentType, download.Value.Details.Metadata));
        }

        return pages;
    }

    public static async Task<Manifest> ReadManifestAsync(BlobServiceClient blobs, DestinationSpec destination)
    {
        var blob = blobs.GetBlobContainerClient(destination.Container).GetBlobClient(destination.ManifestBlobName);
        var download = await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/json", download.Value.Details.ContentType);
        return download.Value.Content.ToObjectFromJson<Manifest>(ManifestJson.Options)
            ?? throw new JsonException("The manifest is empty.");
    }
}
