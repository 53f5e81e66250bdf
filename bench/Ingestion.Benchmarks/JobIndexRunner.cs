using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Ingestion.Grains.Jobs.Index;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// The job index at a few sizes, up to 20,000 jobs: what one job's write costs (the upsert a job makes when its status
/// changes) and what the first and the last slice of the list cost through the API, each the median of several.
/// </summary>
/// <remarks>
/// Azurite answers every table query by filtering and sorting the whole table (its <c>LokiTableMetadataStore</c>), so its
/// times grow with the table whatever the query; Azure Table storage reads a key range from its index. So the slices are
/// also read once more straight from the index, counting the table requests each makes: that count is the index's own
/// cost, the same on either.
/// </remarks>
public sealed class JobIndexRunner(AzuriteInstance azurite, ServiceProcesses services, string apiKey)
{
    private const int Samples = 25;
    private const int Take = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<JobIndexRow>> RunAsync(IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        var requests = new TableRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(requests, Azure.Core.HttpPipelinePosition.PerCall);
        var index = new JobIndex(azurite.CreateTableServiceClient(options));
        using var http = new HttpClient { BaseAddress = new Uri(services.ApiBaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var rows = new List<JobIndexRow>();
        var written = await CountAsync(http, cancellationToken);
        var clock = DateTimeOffset.UtcNow;
        foreach (var size in sizes)
        {
            // Fill up to the size (less the samples each size writes), as many jobs at once as a busy cluster would.
            var toAdd = size - Samples - written;
            if (toAdd > 0)
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, toAdd),
                    new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                    async (i, token) => await index.UpsertAsync(Job(clock.AddMilliseconds(-(written + i))), token));
                written += toAdd;
            }

            var writes = new List<double>();
            for (var i = 0; i < Samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await index.UpsertAsync(Job(clock.AddMilliseconds(-written)), cancellationToken);
                writes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                written++;
            }

            var (total, last) = await WalkAsync(http, cancellationToken);
            var first = await TimeAsync(() => SliceAsync(http, null, cancellationToken), cancellationToken);
            var lastSlice = await TimeAsync(() => SliceAsync(http, last, cancellationToken), cancellationToken);
            var firstRequests = await requests.CountAsync(() => index.ListAsync(Take, null, cancellationToken));
            var lastRequests = await requests.CountAsync(() => index.ListAsync(Take, last, cancellationToken));
            rows.Add(new JobIndexRow(total, Median(writes), first, lastSlice, firstRequests, lastRequests));
            Console.WriteLine($"job-index: {total:N0} jobs: write {Median(writes):F1} ms, first slice {first:F1} ms ({firstRequests} requests), last slice {lastSlice:F1} ms ({lastRequests} requests)");
        }

        return rows;
    }

    private static JobSummary Job(DateTimeOffset createdAt) =>
        new(Guid.CreateVersion7(), "indexed", JobStatus.Completed, createdAt, createdAt.AddSeconds(5));

    /// <summary>Reads the list to its end: how many jobs it holds, and the continuation of its last slice.</summary>
    private static async Task<(int Total, string? Last)> WalkAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var (total, previous, continuation) = (0, (string?)null, (string?)null);
        do
        {
            var slice = await SliceAsync(http, continuation, cancellationToken);
            total += slice.Items.Count;
            (previous, continuation) = (continuation, slice.Continuation);
        }
        while (continuation is not null);

        return (total, previous);
    }

    private static async Task<int> CountAsync(HttpClient http, CancellationToken cancellationToken) => (await WalkAsync(http, cancellationToken)).Total;

    private static async Task<ContinuedListing<JobSummary>> SliceAsync(HttpClient http, string? continuation, CancellationToken cancellationToken)
    {
        var query = continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}";
        return (await http.GetFromJsonAsync<ContinuedListing<JobSummary>>($"/api/jobs?take={Take}{query}", Json, cancellationToken))!;
    }

    private static async Task<double> TimeAsync(Func<Task> call, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Median(times);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>The job index at one size: medians in milliseconds, and the table requests a slice takes.</summary>
public sealed record JobIndexRow(int Jobs, double WriteMs, double FirstSliceMs, double LastSliceMs, int FirstSliceRequests, int LastSliceRequests);

/// <summary>Counts the table requests made while a call runs.</summary>
public sealed class TableRequestCounter : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
{
    private int _count;

    public async Task<int> CountAsync(Func<Task> call)
    {
        Interlocked.Exchange(ref _count, 0);
        await call();
        return Volatile.Read(ref _count);
    }

    public override void OnSendingRequest(Azure.Core.HttpMessage message) => Interlocked.Increment(ref _count);
}
