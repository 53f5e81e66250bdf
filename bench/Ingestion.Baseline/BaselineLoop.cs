using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;

namespace Ingestion.Baseline;

/// <summary>
/// The loop a .NET engineer writes to copy pages to Blob Storage: one <see cref="HttpClient"/>,
/// <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// at the given concurrency, each body read whole and uploaded as <see cref="BinaryData"/> (its length known, so one
/// request). No retries beyond the Azure SDK's own, no bookkeeping: the least work a copy can do, which the service's
/// cost is measured against.
/// </summary>
public sealed class BaselineLoop(BaselineOptions options)
{
    /// <summary>The line the baseline's process prints once its warm-up is done and its measured pages begin.</summary>
    public const string MeasuringLine = "measuring";

    /// <param name="measuring">Called once the warm-up is done, just before the measured pages.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<BaselineResult> RunAsync(Action? measuring, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var container = new BlobContainerClient(options.ConnectionString, options.Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        // The same pages as the measured ones, under a prefix of their own, in the runs the service's warm-up has jobs:
        // the JIT, the connection pools and the emulator's first containers are warm before the clock starts, as the
        // service's are after its warm-up jobs.
        var run = 0;
        foreach (var pages in options.WarmUp.PagesOfRuns())
        {
            await CopyAsync(http, container, $"{options.Prefix}/warm-up/{run++}", pages, new double[pages], cancellationToken);
        }

        var latencies = new double[options.Pages];
        measuring?.Invoke();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await CopyAsync(http, container, $"{options.Prefix}/pages", options.Pages, latencies, cancellationToken);
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        return new BaselineResult(
            options.Pages,
            options.WarmUp.Pages,
            clock.Elapsed.TotalMilliseconds,
            cpu.TotalMilliseconds,
            PeakResidentSet.BytesOf(Environment.ProcessId),
            LatencyPercentiles.Of(latencies, 50),
            LatencyPercentiles.Of(latencies, 99));
    }

    /// <summary>Pages 1 to <paramref name="pages"/>, each fetched whole and uploaded; each page's time in <paramref name="latenciesMs"/>.</summary>
    private async Task CopyAsync(
        HttpClient http, BlobContainerClient container, string prefix, int pages, double[] latenciesMs, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            Enumerable.Range(1, pages),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (page, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                var body = await http.GetByteArrayAsync(options.PageUrl(page), token);
                var blob = container.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"{prefix}/{page:D7}.json"));
                await blob.UploadAsync(BinaryData.FromBytes(body), overwrite: true, token);
                latenciesMs[page - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
    }
}
