using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
    /// <param name="graceful">Stop the silo as a scale-in or SIGTERM does, instead of killing it.</param>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_silo_lost_mid_job_costs_seconds_and_no_5xx(bool theJobsSilo, bool graceful)
    {
        await using var run = await FailoverRun.StartAsync(silos: 3, Pages, Concurrency, Cancellation);
        var poller = run.Poller;
        await poller.WaitUntilAsync(succeeded => succeeded >= Pages / 4, TimeSpan.FromMinutes(1));

        var cluster = run.Cluster.Cluster;
        var jobGrain = run.Cluster.Client.GetGrain<IIngestionJobGrain>(run.Job.Id);
        var jobSilo = cluster.Silos.Single(silo => Hosts(cluster, silo, jobGrain));
        var victim = theJobsSilo ? jobSilo : cluster.Silos.First(silo => silo != jobSilo);
        var killedAt = poller.Elapsed;
        await (graceful ? cluster.StopSiloAsync(victim, Cancellation) : cluster.KillSiloAsync(victim, Cancellation));

        var ended = await run.Polling;
        var stall = poller.LongestStallAfter(killedAt);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{(graceful ? "stopped" : "killed")} the silo {(theJobsSilo ? "of the job grain" : "of some of its pages")} at {killedAt.TotalSeconds:F1} s; "
            + $"longest stall after it {stall.TotalSeconds:F1} s; ended at {poller.Elapsed.TotalSeconds:F1} s; {poller.ServerErrors.Count} 5xx answers; "
            + $"{run.Refetched} pages fetched again");

        Assert.Empty(poller.ServerErrors);
        Assert.Equal(JobStatus.Completed, ended.Status);
        Assert.Equal(Pages, ended.Pages.Succeeded);
        Assert.True(stall <= LongestAllowedStall, $"The job made no progress for {stall.TotalSeconds:F1} s after the silo was lost.");
        await run.AssertEveryPageStoredOnceAsync(Cancellation);

        // Fetched again: only pages that were in flight on a silo that died, at most the job's window; a silo that
        // stops lets its requests end first, so nothing.
        run.AssertFetchedAgainAtMost(graceful ? 0 : Concurrency);
    }

    /// <summary>
    /// A rolling redeploy: each of the three silos in turn is replaced, a new one started and then the old one stopped
    /// gracefully, the next only once the job has moved on, until none of the silos that started the job is left.
    /// </summary>
    [Fact]
    public async Task A_rolling_redeploy_of_every_silo_mid_job_costs_seconds_and_no_5xx()
    {
        const int pages = 4_000;
        await using var run = await FailoverRun.StartAsync(silos: 3, pages, Concurrency, Cancellation);
        var poller = run.Poller;
        var cluster = run.Cluster.Cluster;
        await poller.WaitUntilAsync(succeeded => succeeded >= pages / 10, TimeSpan.FromMinutes(1));

        var firstStopAt = poller.Elapsed;
        var stops = new List<TimeSpan>();
        foreach (var old in cluster.Silos.ToList())
        {
            await cluster.StartAdditionalSiloAsync();
            var before = poller.Succeeded;
            stops.Add(poller.Elapsed);
            await cluster.StopSiloAsync(old, Cancellation);
            await poller.WaitUntilAsync(succeeded => succeeded >= Math.Min(pages, before + pages / 10), TimeSpan.FromMinutes(1));
        }

        var ended = await run.Polling;
        var stall = poller.LongestStallAfter(firstStopAt);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"replaced 3 silos from {firstStopAt.TotalSeconds:F1} s; longest stall after {stall.TotalSeconds:F1} s; "
            + $"ended at {poller.Elapsed.TotalSeconds:F1} s; {poller.ServerErrors.Count} 5xx answers; {run.Refetched} pages fetched again; "
            + $"silos stopped at {string.Join(", ", stops.Select(at => $"{at.TotalSeconds:F1} s"))}; {string.Join(" | ", poller.ServerErrors)}");

        Assert.Empty(poller.ServerErrors);
        Assert.Equal(JobStatus.Completed, ended.Status);
        Assert.Equal(pages, ended.Pages.Succeeded);
        Assert.True(stall <= LongestAllowedStall, $"The job made no progress for {stall.TotalSeconds:F1} s during the redeploy.");
        await run.AssertEveryPageStoredOnceAsync(Cancellation);

        // Each silo stopped lets its requests end first: nothing is fetched twice.
        run.AssertFetchedAgainAtMost(0);
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
