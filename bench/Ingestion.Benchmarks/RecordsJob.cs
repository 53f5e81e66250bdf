using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Records;
using Ingestion.Storage;

namespace Ingestion.Benchmarks;

/// <summary>
/// One job of a <see cref="RecordsScenario"/>, submitted through the real API: a range over the source's pages, with or
/// without records; it waits for the job to complete, then reads the manifest's <c>records</c>.
/// </summary>
public sealed class RecordsJob(BlobServiceClient blobs, ServiceProcesses services, string apiKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Short beside a run of tens of seconds, and one cheap grain call per poll.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // A job without records leaves the field out rather than sending null.
    private static readonly JsonSerializerOptions Submit = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>What B and C ask for: Parquet files partitioned by day of <c>created_at</c>, each record with its lineage.</summary>
    public static object PartitionedParquet { get; } = new
    {
        pointer = "/items",
        format = "parquet",
        partitionBy = new { pointer = "/created_at", granularity = "day" },
        lineage = true,
    };

    public async Task<RecordsRun> RunAsync(
        string label, string urlTemplate, RecordsScenario scenario, object? records, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(services.ApiBaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var spec = new
        {
            name = $"{scenario.Name} {label}",
            source = new { urlTemplate, pages = new { from = 1, to = scenario.Pages } },
            concurrency = scenario.Concurrency,
            maxPages = scenario.Pages,
            destination = new { container = "bench", prefix = $"records/{Guid.NewGuid():N}" },
            records,
        };

        var cpuBefore = services.SiloCpuTime();
        using var response = await http.PostAsJsonAsync("/api/jobs", spec, Submit, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Submitting the job failed with {(int)response.StatusCode}: {problem}");
        }

        var location = response.Headers.Location ?? throw new InvalidOperationException("No Location header.");
        JobView job;
        DateTimeOffset seenFinished;
        long? rowsWhenPagesEnded = null;
        do
        {
            await Task.Delay(PollInterval, cancellationToken);
            job = (await http.GetFromJsonAsync<JobView>(location, Json, cancellationToken))!;
            seenFinished = DateTimeOffset.UtcNow;
            if (rowsWhenPagesEnded is null && AllEnded(job.Pages))
            {
                rowsWhenPagesEnded = job.Records?.Rows;
            }
        }
        while (!job.Status.IsFinished());

        var cpu = services.SiloCpuTime() - cpuBefore;
        if (job.Status != JobStatus.Completed)
        {
            throw new InvalidOperationException($"Job {label} ended {job.Status}: {job.Error} {job.Pages}");
        }

        // The job's completedAt is when its last page ended: it then waits for its records' last files and writes its
        // manifest, and only then shows as completed. So the run ends when it is first seen completed (the silo and
        // this process share a clock), within a poll of the manifest's write.
        return new RecordsRun(
            label,
            job.Pages.Succeeded,
            seenFinished - job.CreatedAt,
            job.CompletedAt!.Value - job.CreatedAt,
            cpu,
            services.SiloPeakRssBytes(),
            records is null ? null : await ReadRecordsAsync(job, rowsWhenPagesEnded, cancellationToken));
    }

    private static bool AllEnded(PageCounts pages) =>
        pages.TotalKnown && pages.Succeeded + pages.Failed + pages.Unchanged + pages.Cancelled == pages.Total;

    /// <summary>The manifest's <c>records</c>; a job that asked for records and whose manifest has none wrote zero rows.</summary>
    private async Task<RecordsWritten> ReadRecordsAsync(JobView job, long? rowsWhenPagesEnded, CancellationToken cancellationToken)
    {
        var manifest = blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(job.ManifestBlob);
        await using var stream = await manifest.OpenReadAsync(cancellationToken: cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("records", out var element))
        {
            return new RecordsWritten(0, 0, 0, 0, 0, rowsWhenPagesEnded);
        }

        var summary = element.Deserialize<RecordsSummary>(ManifestJson.Options)
            ?? throw new InvalidOperationException($"Job {job.Id}'s manifest has a null records.");
        return new RecordsWritten(
            summary.Rows,
            summary.Files.Length,
            summary.Bytes,
            summary.Files.Select(file => file.Partition).Distinct(StringComparer.Ordinal).Count(),
            summary.ErrorPages,
            rowsWhenPagesEnded);
    }
}
