using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Baseline;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs a scenario on the service as a user would, through its API: the warm-up's jobs, each waited for, then the
/// measured job on the same processes. Pages/s are from the measured job's creation to its completion (the
/// job's own times); CPU is the service's processes' over the measured job, from its submission to when it is seen
/// finished (its manifest written); page latencies are read back from its manifest.
/// </summary>
public sealed class ServiceRunner(IRunningService service, UpstreamServer upstream)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // Once every page has ended the job is writing its manifest: polled more often, to time that closely.
    private static readonly TimeSpan PollIntervalWhileEnding = TimeSpan.FromMilliseconds(25);

    // Far beyond the million-page job's half hour or so: a job that is stuck fails the run rather than holding it forever.
    private static readonly TimeSpan LongestJob = TimeSpan.FromHours(4);

    public async Task<RunResult> RunAsync(Scenario scenario, WarmUp warmUp, CancellationToken cancellationToken)
    {
        var blobs = new BlobServiceClient(service.StorageConnectionString);
        using var http = new HttpClient { BaseAddress = new Uri(service.ApiBaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", service.ApiKey);
        var run = 0;
        foreach (var pages in warmUp.PagesOfRuns())
        {
            await RunJobAsync(http, await SpecAsync(blobs, scenario, $"{scenario.Name} warm-up {++run}", pages, cancellationToken), cancellationToken);
        }

        var spec = await SpecAsync(blobs, scenario, scenario.Name, scenario.Pages, cancellationToken);
        var before = service.Usage();
        var storageBefore = service.StorageCpuTime();
        var (job, seenEndedAt) = await RunJobAsync(http, spec, cancellationToken);
        var after = service.Usage();
        var storageAfter = service.StorageCpuTime();

        var latencies = scenario.ReadsPageLatencies ? await ReadLatenciesAsync(blobs, job, cancellationToken) : null;
        return new RunResult(
            job.Pages.Succeeded,
            job.CompletedAt!.Value - job.CreatedAt,
            after.CpuTime - before.CpuTime,
            latencies is null ? null : LatencyPercentiles.Of(latencies, 50),
            latencies is null ? null : LatencyPercentiles.Of(latencies, 99))
        {
            PeakRssBytes = after.SiloPeakRssBytes,
            CpuTimeByProcess = after.CpuTimeByProcessSince(before),
            ApiPeakRssBytes = after.ApiPeakRssBytes,
            DashboardCpuTime = after.DashboardCpuTime - before.DashboardCpuTime,
            StorageCpuTime = storageAfter - storageBefore,
            EndingTime = seenEndedAt - job.CompletedAt!.Value,
            JobStateBytes = await JobStateBytesAsync(blobs, job.Id, cancellationToken),
            LastPagesListing = scenario.TimesLastPagesListing
                ? await LastPagesListing.TimeAsync(http, job.Id, scenario.LastPagesSkip, cancellationToken)
                : null,
        };
    }

    /// <summary>The job as POST /api/jobs takes it: a range over the upstream's pages, or a list blob of their URLs.</summary>
    private async Task<object> SpecAsync(BlobServiceClient blobs, Scenario scenario, string name, int pages, CancellationToken cancellationToken)
    {
        object source = scenario.UrlListInBlob
            ? new { urlsBlob = await UploadUrlListAsync(blobs, pages, cancellationToken) }
            : new { urlTemplate = upstream.BaseUrl + "/pages/{page}", pages = new { from = 1, to = pages } };
        return new
        {
            name,
            source,
            concurrency = scenario.Concurrency,
            maxPages = pages,
            destination = new { container = "bench", prefix = $"service/{Guid.NewGuid():N}" },
        };
    }

    /// <summary>
    /// Submits the job and polls it until it has ended; throws unless it completed. Returns it with the moment it was
    /// first seen ended (this machine's clock, as the service's is).
    /// </summary>
    private static async Task<(JobView Job, DateTimeOffset SeenEndedAt)> RunJobAsync(HttpClient http, object spec, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/jobs", spec, cancellationToken);
        await EnsureSuccessAsync(response, "Submitting the job", cancellationToken);
        var location = response.Headers.Location ?? throw new InvalidOperationException("No Location header.");
        var waited = Stopwatch.StartNew();
        JobView job;
        var allPagesEnded = false;
        do
        {
            if (waited.Elapsed > LongestJob)
            {
                throw new TimeoutException($"The job at {location} did not end within {LongestJob.TotalHours:F0} hours.");
            }

            await Task.Delay(allPagesEnded ? PollIntervalWhileEnding : PollInterval, cancellationToken);
            using var polled = await http.GetAsync(location, cancellationToken);
            await EnsureSuccessAsync(polled, "Reading the job", cancellationToken);
            job = (await polled.Content.ReadFromJsonAsync<JobView>(Json, cancellationToken))!;
            allPagesEnded = job.Pages is { TotalKnown: true, Pending: 0, InFlight: 0, WaitingRetry: 0 };
        }
        while (!job.Status.IsFinished());

        return job.Status == JobStatus.Completed
            ? (job, DateTimeOffset.UtcNow)
            : throw new InvalidOperationException($"The job ended {job.Status}: {job.Error} {job.Pages}");
    }

    /// <summary>Writes the URLs of pages 1 to <paramref name="pages"/> to a list blob, streamed, one per line.</summary>
    private async Task<object> UploadUrlListAsync(BlobServiceClient blobs, int pages, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("lists");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = $"{Guid.NewGuid():N}.txt";
        await using (var stream = await container.GetBlockBlobClient(name).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var writer = new StreamWriter(stream))
        {
            for (var page = 1; page <= pages; page++)
            {
                await writer.WriteLineAsync(upstream.PageUrl(page).AsMemory(), cancellationToken);
            }
        }

        return new { container = "lists", name };
    }

    private static async Task<IReadOnlyList<double>> ReadLatenciesAsync(BlobServiceClient blobs, JobView job, CancellationToken cancellationToken)
    {
        var manifest = blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(job.ManifestBlob);
        await using var stream = await manifest.OpenReadAsync(cancellationToken: cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return [.. document.RootElement.GetProperty("pages").EnumerateArray()
            .Select(page => page.TryGetProperty("durationMs", out var ms) ? ms.GetDouble() : double.NaN)
            .Where(double.IsFinite)];
    }

    /// <summary>The size of the job grain's saved state, as Orleans' blob storage keeps it.</summary>
    private static async Task<long?> JobStateBytesAsync(BlobServiceClient blobs, Guid jobId, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("grainstate");
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (blob.Name.Contains(jobId.ToString("N"), StringComparison.OrdinalIgnoreCase)
                && blob.Name.Contains("ingestionjob", StringComparison.OrdinalIgnoreCase))
            {
                return blob.Properties.ContentLength;
            }
        }

        return null;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what} failed with {(int)response.StatusCode}: {problem}");
        }
    }
}
