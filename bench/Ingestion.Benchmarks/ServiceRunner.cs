using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>Runs a scenario as a job submitted to the real API, and reads its timings back from the manifest.</summary>
public sealed class ServiceRunner(UpstreamServer upstream, BlobServiceClient blobs, ServiceProcesses services, string apiKey)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<RunResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(services.ApiBaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        object source = scenario.UrlListInBlob
            ? new { urlsBlob = await UploadUrlListAsync(scenario, cancellationToken) }
            : new { urlTemplate = upstream.BaseUrl + "/pages/{page}", pages = new { from = 1, to = scenario.Pages } };
        var spec = new
        {
            name = scenario.Name,
            source,
            concurrency = scenario.Concurrency,
            maxPages = scenario.Pages,
            destination = new { container = "bench", prefix = $"service/{Guid.NewGuid():N}" },
        };

        var cpuBefore = services.SiloCpuTime();
        using var response = await http.PostAsJsonAsync("/api/jobs", spec, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Submitting the job failed with {(int)response.StatusCode}: {problem}");
        }

        var location = response.Headers.Location ?? throw new InvalidOperationException("No Location header.");
        JobView job;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            using var polled = await http.GetAsync(location, cancellationToken);
            if (!polled.IsSuccessStatusCode)
            {
                var problem = await polled.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"Reading the job failed with {(int)polled.StatusCode}: {problem}");
            }

            job = (await polled.Content.ReadFromJsonAsync<JobView>(Json, cancellationToken))!;
        }
        while (!job.Status.IsFinished());

        var cpu = services.SiloCpuTime() - cpuBefore;
        if (job.Status != JobStatus.Completed)
        {
            throw new InvalidOperationException($"The job ended {job.Status}: {job.Error} {job.Pages}");
        }

        var latencies = await ReadLatenciesAsync(job, cancellationToken);
        return new RunResult(
            job.Pages.Succeeded,
            job.CompletedAt!.Value - job.CreatedAt,
            latencies,
            cpu,
            services.SiloPeakRssBytes(),
            await JobStateBytesAsync(job.Id, cancellationToken));
    }

    /// <summary>Writes the scenario's URLs to a list blob, streamed, one per line.</summary>
    private async Task<object> UploadUrlListAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("lists");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = $"{Guid.NewGuid():N}.txt";
        await using (var stream = await container.GetBlockBlobClient(name).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var writer = new StreamWriter(stream))
        {
            for (var page = 1; page <= scenario.Pages; page++)
            {
                await writer.WriteLineAsync(upstream.PageUrl(page).AsMemory(), cancellationToken);
            }
        }

        return new { container = "lists", name };
    }

    private async Task<IReadOnlyList<double>> ReadLatenciesAsync(JobView job, CancellationToken cancellationToken)
    {
        var manifest = blobs.GetBlobContainerClient(job.Destination.Container).GetBlobClient(job.ManifestBlob);
        await using var stream = await manifest.OpenReadAsync(cancellationToken: cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return [.. document.RootElement.GetProperty("pages").EnumerateArray()
            .Select(page => page.TryGetProperty("durationMs", out var ms) ? ms.GetDouble() : double.NaN)
            .Where(double.IsFinite)];
    }

    private async Task<long?> JobStateBytesAsync(Guid jobId, CancellationToken cancellationToken)
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
}
