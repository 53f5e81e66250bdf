using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Storage;
using Ingestion.Testing;

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

    /// <summary>How many blobs are in the destination's pages folder, without reading them.</summary>
    public static async Task<int> CountAsync(BlobServiceClient blobs, DestinationSpec destination)
    {
        var count = 0;
        await foreach (var _ in blobs.GetBlobContainerClient(destination.Container)
            .GetBlobsAsync(BlobTraits.None, BlobStates.None, destination.PageBlobPrefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>Reads every stored page back and checks that the items 1..n of a <see cref="PaginatedApi"/> are there,
    /// each exactly once, in <paramref name="pages"/> pages.</summary>
    public static async Task AssertEveryItemStoredOnceAsync(BlobServiceClient blobs, DestinationSpec destination, int itemCount, int pages)
    {
        var stored = await ReadAllAsync(blobs, destination);
        Assert.Equal(pages, stored.Count);
        var ids = stored.SelectMany(page => PaginatedApi.ItemIdsIn(page.Content)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, itemCount), ids);
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
