using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Ingestion.Api.Cluster;
using Ingestion.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.ApiTests;

/// <summary>
/// The storage under the silos fails (its Azurite stopped, or not answering) while a client reads through the API: what
/// needs storage answers 503 problem details with a Retry-After rather than a 500, and answers again once storage is
/// back. Each test has a cluster and an Azurite of its own, since it breaks them.
/// </summary>
public sealed class StorageOutageTests
{
    private const string RetryAfter = "00:00:07";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_storage_stopped_reads_answer_503_with_Retry_After_and_answer_again_once_it_is_back()
    {
        await using var cluster = await new IngestionTestClusterBuilder(silos: 1)
            .WithPersistentStorage()
            .WithBlobClientOptions(FewTries(networkTimeout: TimeSpan.FromSeconds(10)))
            .StartAsync(Cancellation);
        var logs = new LogRecorder();
        await using var api = new ApiHost(Environments.Development, Settings(), cluster.Client, logs);
        using var client = Client(api);

        // With storage up: the listing reads the job index's table, and a job the cluster has not seen reads its state blob.
        using (var listed = await GetAsync(client, "/api/jobs"))
        using (var unknown = await GetAsync(client, $"/api/jobs/{Guid.CreateVersion7()}"))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        await cluster.Azurite.StopAsync(Cancellation);
        var clock = Stopwatch.StartNew();
        using (var listed = await GetAsync(client, "/api/jobs"))
        {
            await AssertStorageUnavailableAsync(listed);
        }

        using (var job = await GetAsync(client, $"/api/jobs/{Guid.CreateVersion7()}"))
        {
            await AssertStorageUnavailableAsync(job);
        }

        // Storage's answer, not the cluster retry budget running out (20 s each).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var warnings = logs.Entries.Where(entry => entry.Category == typeof(StorageUnavailableHandler).FullName).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, warning => Assert.Equal(LogLevel.Warning, warning.Level));
        Assert.DoesNotContain(logs.Entries, entry => entry.Level >= LogLevel.Error);

        await cluster.Azurite.StartAsync(Cancellation);
        using (var listed = await GetAsync(client, "/api/jobs"))
        using (var unknown = await GetAsync(client, $"/api/jobs/{Guid.CreateVersion7()}"))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    [Fact]
    public async Task A_read_storage_does_not_answer_in_time_answers_503_with_Retry_After()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Azurite is frozen with SIGSTOP, which Windows does not have.");
        await using var cluster = await new IngestionTestClusterBuilder(silos: 1)
            .WithBlobClientOptions(FewTries(networkTimeout: TimeSpan.FromSeconds(1)))
            .StartAsync(Cancellation);
        var logs = new LogRecorder();
        await using var api = new ApiHost(Environments.Development, Settings(), cluster.Client, logs);
        using var client = Client(api);
        using (var unknown = await GetAsync(client, $"/api/jobs/{Guid.CreateVersion7()}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (SuspendedAzurite.Of(cluster.Azurite))
        {
            // The job's state read outlasts the storage client's network timeout on each of its tries.
            using var job = await GetAsync(client, $"/api/jobs/{Guid.CreateVersion7()}");
            await AssertStorageUnavailableAsync(job);
        }

        var warning = Assert.Single(logs.Entries, entry => entry.Category == typeof(StorageUnavailableHandler).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    private static async Task AssertStorageUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("Storage is unavailable.", problem.GetProperty("title").GetString());
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The silos' blob client (job state) gives up after two tries in a few seconds, rather than the minutes its
    /// defaults may take, so that the failure reaches the API within its cluster retry budget.
    /// </summary>
    private static BlobClientOptions FewTries(TimeSpan networkTimeout)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.NetworkTimeout = networkTimeout;
        return options;
    }

    private static Dictionary<string, string?> Settings()
    {
        var settings = ApiEnvironment.ApiSettings();
        settings["Ingestion:Api:ClusterCalls:RetryAfter"] = RetryAfter;
        return settings;
    }

    private static HttpClient Client(ApiHost api)
    {
        var client = new HttpClient { BaseAddress = api.Start(), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);
        return client;
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path) =>
        client.GetAsync(new Uri(path, UriKind.Relative), Cancellation);
}
