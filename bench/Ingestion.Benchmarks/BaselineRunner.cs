using System.Diagnostics;
using Azure.Storage.Blobs;

namespace Ingestion.Benchmarks;

/// <summary>
/// The yardstick: what a data engineer would write by hand. One HttpClient, Parallel.ForEachAsync at the scenario's
/// concurrency, each body uploaded with BlobClient.UploadAsync.
/// </summary>
public sealed class BaselineRunner(Func<int, string> pageUrl, BlobServiceClient blobs)
{
    public Task<RunResult> RunAsync(Scenario scenario, CancellationToken cancellationToken) =>
        RunAsync(scenario.Pages, scenario.Concurrency, cancellationToken);

    public async Task<RunResult> RunAsync(int pages, int concurrency, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var prefix = Guid.NewGuid().ToString("N");
        using var http = new HttpClient();
        var latencies = new double[pages];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(1, pages),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (page, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(pageUrl(page), HttpCompletionOption.ResponseHeadersRead, token);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(token);
                await container.GetBlobClient($"{prefix}/{page:D6}.json").UploadAsync(body, overwrite: true, token);
                latencies[page - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
        clock.Stop();

        // The baseline runs inside the benchmark process, beside the upstream server: its CPU time includes the
        // upstream's share and is shown for completeness only.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new RunResult(pages, clock.Elapsed, latencies, cpu, null, null);
    }
}
