using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.ApiTests;

/// <summary>
/// A finished job's pages listed through the API from deep in its manifest, where the index written with the manifest
/// takes the listing straight to the slice: the slice is the manifest's own entries, and the totals are the manifest's.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndedJobPageListingTests(ApiEnvironment environment)
{
    private const int Pages = 2_500;

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deep_slice_of_a_finished_job_s_pages_is_that_slice_of_its_manifest_in_every_status()
    {
        // Every 7th page is a 404, which fails for good at once.
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.Script((page, _) => page % 7 == 0 ? UpstreamResponse.Error(404) : null);
        using var client = environment.CreateClient();
        var job = await ApiJobs.RunAsync(client, $$"""
            {
              "source": { "urlTemplate": "{{upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": {{Pages}} } },
              "concurrency": 32,
              "retry": { "maxAttempts": 1 },
              "destination": { "prefix": "api-tests/deep-listing/{jobId}" }
            }
            """, JobTimeout);
        var container = environment.Blobs.GetBlobContainerClient(job.Destination.Container);
        using var manifest = JsonDocument.Parse((await container.GetBlobClient(job.ManifestBlob).DownloadContentAsync(Cancellation)).Value.Content.ToMemory());
        var entries = manifest.RootElement.GetProperty("pages").EnumerateArray().ToList();

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.True(await container.GetBlobClient(job.Destination.ManifestIndexBlobName).ExistsAsync(Cancellation));
        Assert.Equal(Pages, entries.Count);
        foreach (var (status, skip, take) in (List<(string?, int, int)>)
            [(null, 2_400, 100), (null, 2_499, 10), (null, 2_500, 10), (null, 1_000, 1), ("failed", 300, 100), ("succeeded", 2_000, 1_000), ("cancelled", 0, 10)])
        {
            var query = $"/api/jobs/{job.Id}/pages?skip={skip}&take={take}" + (status is null ? "" : $"&status={status}");
            var listed = await client.GetFromJsonAsync<JsonElement>(new Uri(query, UriKind.Relative), Cancellation);

            var matching = entries.Where(entry => status is null || string.Equals(entry.GetProperty("status").GetString(), status, StringComparison.OrdinalIgnoreCase)).ToList();
            var items = listed.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(matching.Count, listed.GetProperty("total").GetInt32());
            Assert.Equal(matching.Skip(skip).Take(take).Select(entry => entry.GetProperty("page").GetInt32()), items.Select(item => item.GetProperty("page").GetInt32()));
            Assert.All(matching.Skip(skip).Take(take).Zip(items), pair => Assert.True(JsonElement.DeepEquals(pair.First, pair.Second), query));
        }
    }
}
