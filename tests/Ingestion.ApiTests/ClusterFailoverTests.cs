using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Ingestion.ApiTests;

/// <summary>
/// A silo dies under a running job while a client polls it through the API, with the production periods (a job's
/// watchdog looks at it once a minute; membership as the silo configures it): the client never sees a 5xx, the job
/// makes progress again within seconds, and every page is stored once.
/// </summary>
[Collection(ClusterFailoverCollection.Name)]
public sealed class ClusterFailoverTests
{
    private const int Pages = 2_000;
    private const int Concurrency = 32;
    private static readonly TimeSpan LongestAllowedStall = TimeSpan.FromSeconds(15);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <param name="theJobsSilo">
    /// Kill the silo of the job grain (it comes back on a live silo when called: by a page's report, or the client),
    /// or one that holds some of its pages but not the job (the job hands out again what was lost there).
    /// </param>
    /// <param name="graceful">Stop the silo as a redeploy or a scale-in does, instead of killing it.</param>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_silo_lost_mid_job_costs_seconds_and_no_5xx(bool theJobsSilo, bool graceful)
    {
        await using var cluster = await new IngestionTestClusterBuilder(silos: 3)
            .AllowPrivateNetworks()
            .StartAsync(Cancellation);
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(150);
        await using var api = new ApiHost(Environments.Development, ApiEnvironment.ApiSettings(), cluster.Client);
        using var client = new HttpClient { BaseAddress = api.Start(), Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);

        var urlTemplate = upstream.PageUrl(1)[..^1] + "{page}";
        using var submitted = await ApiJobs.PostAsync(client, $$"""
            {
              "source": { "urlTemplate": "{{urlTemplate}}", "pages": { "from": 1, "to": {{Pages}} } },
              "concurrency": {{Concurrency}},
              "destination": { "container": "failover", "prefix": "jobs/{jobId}" }
            }
            """);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var location = submitted.Headers.Location!;
        var job = (await submitted.Content.ReadFromJsonAsync<JobView>(ApiJobs.Json, Cancellation))!;

        var poller = new JobPoller(client, location);
        var polling = poller.RunAsync(Cancellation);
        await poller.WaitUntilAsync(succeeded => succeeded >= Pages / 4, TimeSpan.FromMinutes(1));

        var jobGrain = cluster.Client.GetGrain<IIngestionJobGrain>(job.Id);
        var jobSilo = cluster.Cluster.Silos.Single(silo => Hosts(cluster.Cluster, silo, jobGrain));
        var victim = theJobsSilo ? jobSilo : cluster.Cluster.Silos.First(silo => silo != jobSilo);
        var killedAt = poller.Elapsed;
        await (graceful ? cluster.Cluster.StopSiloAsync(victim, Cancellation) : cluster.Cluster.KillSiloAsync(victim, Cancellation));

        var ended = await polling;
        var stall = poller.LongestStallAfter(killedAt);
        var measured = $"{(graceful ? "stopped" : "killed")} the silo {(theJobsSilo ? "of the job grain" : "of some of its pages")} at {killedAt.TotalSeconds:F1} s; "
            + $"longest stall after it {stall.TotalSeconds:F1} s; ended at {poller.Elapsed.TotalSeconds:F1} s; {poller.ServerErrors.Count} 5xx answers; "
            + $"{Enumerable.Range(1, Pages).Count(page => upstream.RequestCount(page) > 1)} pages fetched again";
        TestContext.Current.TestOutputHelper?.WriteLine(measured);

        Assert.Empty(poller.ServerErrors);
        Assert.Equal(JobStatus.Completed, ended.Status);
        Assert.Equal(Pages, ended.Pages.Succeeded);
        Assert.True(stall <= LongestAllowedStall, $"The job made no progress for {stall.TotalSeconds:F1} s after the silo was lost.");

        // Every page stored once, under one blob each.
        var blobs = new List<BlobItem>();
        await foreach (var blob in cluster.Blobs.GetBlobContainerClient("failover")
            .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"jobs/{job.Id}/pages/", Cancellation))
        {
            blobs.Add(blob);
        }

        Assert.Equal(Pages, blobs.Count);
        Assert.Equal(Pages, blobs.Select(blob => blob.Metadata["page"]).Distinct().Count());

        // Fetched again: only pages that were in flight on the dead silo, which held at most the job's window.
        Assert.All(Enumerable.Range(1, Pages), page => Assert.InRange(upstream.RequestCount(page), 1, 2));
        var refetched = Enumerable.Range(1, Pages).Count(page => upstream.RequestCount(page) > 1);
        Assert.True(refetched <= Concurrency, $"{refetched} pages were fetched twice.");
    }

    [Fact]
    public async Task With_no_silo_left_the_API_is_not_ready_reads_answer_503_with_Retry_After_and_a_start_names_the_job_it_may_have_started()
    {
        await using var cluster = await new IngestionTestClusterBuilder(silos: 1)
            .AllowPrivateNetworks()
            .StartAsync(Cancellation);
        var settings = ApiEnvironment.ApiSettings();
        settings["Ingestion:Api:ClusterCalls:RetryBudget"] = "00:00:02";
        settings["Ingestion:Api:ClusterCalls:RetryAfter"] = "00:00:07";
        await using var api = new ApiHost(Environments.Development, settings, cluster.Client);
        using var client = new HttpClient { BaseAddress = api.Start(), Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);
        using var readyBefore = await client.GetAsync(new Uri("/health", UriKind.Relative), Cancellation);
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[0], Cancellation);
        using var readyAfter = await client.GetAsync(new Uri("/health", UriKind.Relative), Cancellation);
        using var aliveAfter = await client.GetAsync(new Uri("/alive", UriKind.Relative), Cancellation);
        Assert.Equal(HttpStatusCode.OK, readyBefore.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aliveAfter.StatusCode);

        var started = Stopwatch.StartNew();
        using var read = await client.GetAsync(new Uri($"/api/jobs/{Guid.CreateVersion7()}", UriKind.Relative), Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), read.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        // It kept trying for its budget first, and not much longer.
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        var problem = await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.False(problem.TryGetProperty("jobId", out _));

        using var submitted = await ApiJobs.PostAsync(client, """
            { "source": { "urlTemplate": "http://127.0.0.1:9/{page}", "pages": { "from": 1, "to": 3 } } }
            """);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, submitted.StatusCode);
        var unknown = await submitted.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var jobId = unknown.GetProperty("jobId").GetGuid();
        Assert.Contains($"GET /api/jobs/{jobId}", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static bool Hosts(InProcessTestCluster cluster, InProcessSiloHandle silo, IAddressable grain) =>
        cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && context.Address.SiloAddress == silo.SiloAddress;
}
