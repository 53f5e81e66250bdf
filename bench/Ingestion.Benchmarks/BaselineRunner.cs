using System.Diagnostics;
using Azure.Storage.Blobs;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The yardstick: what a data engineer would write by hand. One HttpClient, Parallel.ForEachAsync at the scenario's
/// concurrency, each body uploaded with BlobClient.UploadAsync.
/// </summary>
public sealed class BaselineRunner(UpstreamServer upstream, BlobServiceClient blobs)
{
    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var prefix = Guid.NewGuid().ToString("N");
        using var http = new HttpClient();
        var latencies = new double[scenario.Pages];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(1, scenario.Pages),
            new ParallelOptions { MaxDegreeOfParallelism = scenario.Concurrency, CancellationToken = cancellationToken },
            async (page, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(upstream.PageUrl(page), HttpCompletionOption.ResponseHeadersRead, token);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(token);
                await container.GetBlobClient($"{prefix}/{page:D6}.json").UploadAsync(body, overwrite: true, token);
                latencies[page - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
        clock.Stop();

        // The baseline runs inside the benchmark process, beside the upstream server: its CPU time includes the
        // upstream's share and is shown for completeness only.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new RunResult(scenario.Pages, clock.Elapsed, latencies, cpu, null, null);
    }
}
