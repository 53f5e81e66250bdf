using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.ApiTests;

/// <summary>
/// Every kind of source, written as a user writes it (the JSON of the README's Sources table), submitted through the
/// real API to a real cluster against a real paginating server on loopback: each job must end Completed with every
/// record of the dataset stored exactly once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SourceKindTests(ApiEnvironment environment)
{
    // 95 items in pages of 10: ten pages, the last one short, so an off-by-one at either end shows.
    private const int ItemCount = 95;
    private const int PageSize = 10;
    private const int PageCount = 10;

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Sources { get; } = new()
    {
        { "range of pages", """{ "urlTemplate": "{base}/items?page={page}&per_page=10", "pages": { "from": 1, "to": 10 } }""" },
        { "range by offset", """{ "urlTemplate": "{base}/items?offset={offset}&limit={limit}", "pages": { "from": 1, "to": 10 }, "pageSize": 10 }""" },
        { "open range", """{ "urlTemplate": "{base}/items?page={page}&per_page=10", "pages": { "from": 1 }, "stopWhenEmpty": "/items" }""" },
        { "total pages from a header", """{ "urlTemplate": "{base}/items?page={page}&per_page=10", "pages": { "from": 1 }, "totalPages": { "header": "X-Total-Pages" } }""" },
        { "total pages from the body", """{ "urlTemplate": "{base}/items?page={page}&per_page=10", "pages": { "from": 1 }, "totalPages": { "jsonPointer": "/total_pages" } }""" },
        { "total from Link rel=last", """{ "urlTemplate": "{base}/items?page={page}&per_page=10", "pages": { "from": 1 }, "totalPages": { "linkLast": true } }""" },
        { "total items from a header", """{ "urlTemplate": "{base}/items?offset={offset}&limit={limit}", "pages": { "from": 1 }, "pageSize": 10, "totalItems": { "header": "X-Total-Count" } }""" },
        { "total items from the body", """{ "urlTemplate": "{base}/items?offset={offset}&limit={limit}", "pages": { "from": 1 }, "pageSize": 10, "totalItems": { "jsonPointer": "/total" } }""" },
        { "list of URLs", "{ \"urls\": [" + string.Join(", ", Enumerable.Range(1, PageCount).Select(page => $"\"{{base}}/items?page={page}&per_page=10\"")) + "] }" },
        { "list of URLs in a blob", """{ "urlsBlob": { "container": "lists", "name": "{list}" } }""" },
        { "follow Link rel=next", """{ "url": "{base}/links?page=1", "next": { "linkHeader": true } }""" },
        { "follow a URL in the body", """{ "url": "{base}/json-next?page=1", "next": { "jsonPointer": "/next" } }""" },
        { "follow a cursor", """{ "url": "{base}/cursor", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "cursor" } }""" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Every_kind_of_source_submitted_through_the_api_stores_every_record_once(string kind, string source)
    {
        await using var api = await PaginatedApi.StartAsync(ItemCount, PageSize, Cancellation);
        var list = source.Contains("{list}", StringComparison.Ordinal) ? await UploadListAsync(api) : "";
        var prefix = $"api-tests/sources/{Guid.CreateVersion7()}";
        var spec = $$"""
            {
              "name": "{{kind}}",
              "source": {{source.Replace("{base}", api.BaseUrl, StringComparison.Ordinal).Replace("{list}", list, StringComparison.Ordinal)}},
              "concurrency": 4,
              "retry": { "maxAttempts": 1 },
              "destination": { "prefix": "{{prefix}}" }
            }
            """;
        using var client = environment.CreateClient();

        var job = await ApiJobs.RunAsync(client, spec, JobTimeout);

        Assert.True(job.Status == JobStatus.Completed, $"{kind}: {job.Status} {job.Error} {job.EndReason}");
        Assert.Equal(new PageCounts(PageCount, PageCount, 0, 0, 0, 0), job.Pages);
        Assert.False(job.Truncated);
        Assert.InRange(api.TotalRequests, PageCount + PastEndRequests(job).Minimum, PageCount + PastEndRequests(job).Maximum);

        // Every record of the dataset is in the stored pages, exactly once, and nothing else is.
        var ids = new List<int>();
        var container = environment.Blobs.GetBlobContainerClient(job.Destination.Container);
        var pageBlobs = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, job.Destination.PageBlobPrefix, Cancellation))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(Cancellation);
            ids.AddRange(PaginatedApi.ItemIdsIn(content.Value.Content.ToMemory().Span));
            pageBlobs++;
        }

        Assert.Equal(PageCount, pageBlobs);
        Assert.Equal(Enumerable.Range(1, ItemCount), ids.Order());

        // The manifest beside the data lists the same pages, as the API's listing of the finished job does.
        var manifest = await container.GetBlobClient(job.ManifestBlob).DownloadContentAsync(Cancellation);
        using var document = JsonDocument.Parse(manifest.Value.Content.ToMemory());
        Assert.Equal(Enumerable.Range(1, PageCount), document.RootElement.GetProperty("pages").EnumerateArray().Select(page => page.GetProperty("page").GetInt32()));
        var listed = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/jobs/{job.Id}/pages?status=succeeded&take=100", UriKind.Relative), Cancellation);
        Assert.Equal(PageCount, listed.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// An open range finds its end by asking for the page after the last, and may already have asked for a few more
    /// (up to its concurrency), which it drops; every other kind asks for each page once and nothing else.
    /// </summary>
    private static (int Minimum, int Maximum) PastEndRequests(JobView job) =>
        job.Spec.Source.Pages is { To: null } && job.Spec.Source.Total is null ? (1, job.Spec.Concurrency) : (0, 0);

    private async Task<string> UploadListAsync(PaginatedApi api)
    {
        var container = environment.Blobs.GetBlobContainerClient("lists");
        await container.CreateIfNotExistsAsync(cancellationToken: Cancellation);
        var name = $"sources/{Guid.CreateVersion7()}.txt";
        var lines = Enumerable.Range(1, PageCount).Select(page => $"{api.BaseUrl}/items?page={page}&per_page={PageSize}");
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("# pages of the dataset\n" + string.Join('\n', lines) + "\n"), Cancellation);
        return name;
    }
}
