using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Hosting;

namespace Ingestion.ApiTests;

/// <summary>
/// A job of <c>pages</c> pages through the real API on a cluster of several silos, against an upstream with a 150 ms
/// delay, while a client polls it every 200 ms; and what it must still show after losing silos: no 5xx, every page
/// stored once, only pages in flight fetched again.
/// </summary>
internal sealed class FailoverRun : IAsyncDisposable
{
    private const string Container = "failover";

    private FailoverRun(IngestionTestCluster cluster, UpstreamServer upstream, ApiHost api, HttpClient client, int pages)
    {
        Cluster = cluster;
        Upstream = upstream;
        Api = api;
        Client = client;
        Pages = pages;
    }

    public IngestionTestCluster Cluster { get; }

    public UpstreamServer Upstream { get; }

    public ApiHost Api { get; }

    public HttpClient Client { get; }

    public int Pages { get; }

    public JobView Job { get; private set; } = null!;

    public JobPoller Poller { get; private set; } = null!;

    /// <summary>The poller's run: the job's view once it has ended.</summary>
    public Task<JobView> Polling { get; private set; } = null!;

    public int Refetched => Enumerable.Range(1, Pages).Count(page => Upstream.RequestCount(page) > 1);

    public static async Task<FailoverRun> StartAsync(short silos, int pages, int concurrency, CancellationToken cancellationToken)
    {
        var cluster = await new IngestionTestClusterBuilder(silos)
            .AllowPrivateNetworks()
            .StartAsync(cancellationToken);
        var upstream = await UpstreamServer.StartNewAsync(cancellationToken);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(150);
        var api = new ApiHost(Environments.Development, ApiEnvironment.ApiSettings(), cluster.Client);
        var client = new HttpClient { BaseAddress = api.Start(), Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);
        var run = new FailoverRun(cluster, upstream, api, client, pages);
        await run.SubmitAsync(concurrency, cancellationToken);
        return run;
    }

    public void AssertFetchedAgainAtMost(int limit)
    {
        Assert.All(Enumerable.Range(1, Pages), page => Assert.InRange(Upstream.RequestCount(page), 1, 2));
        Assert.True(Refetched <= limit, $"{Refetched} pages were fetched twice; at most {limit} may be.");
    }

    /// <summary>Every page stored once, under one blob each.</summary>
    public async Task AssertEveryPageStoredOnceAsync(CancellationToken cancellationToken)
    {
        var blobs = new List<BlobItem>();
        await foreach (var blob in Cluster.Blobs.GetBlobContainerClient(Container)
            .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"jobs/{Job.Id}/pages/", cancellationToken))
        {
            blobs.Add(blob);
        }

        Assert.Equal(Pages, blobs.Count);
        Assert.Equal(Pages, blobs.Select(blob => blob.Metadata["page"]).Distinct().Count());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await Upstream.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private async Task SubmitAsync(int concurrency, CancellationToken cancellationToken)
    {
        var urlTemplate = Upstream.PageUrl(1)[..^1] + "{page}";
        using var submitted = await ApiJobs.PostAsync(Client, $$"""
            {
              "source": { "urlTemplate": "{{urlTemplate}}", "pages": { "from": 1, "to": {{Pages}} } },
              "concurrency": {{concurrency}},
              "destination": { "container": "{{Container}}", "prefix": "jobs/{jobId}" }
            }
            """);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Job = (await submitted.Content.ReadFromJsonAsync<JobView>(ApiJobs.Json, cancellationToken))!;
        Poller = new JobPoller(Client, submitted.Headers.Location!);
        Polling = Poller.RunAsync(cancellationToken);
    }
}
