using Azure.Core;
using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A job's ordinary work asks storage for nothing that is not there: every such request would show as a failed (red)
/// request in the job's trace, burying the failures that matter.
/// </summary>
public sealed class QuietStorageTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Running_ending_cancelling_and_replacing_jobs_make_no_failed_storage_requests()
    {
        var failed = new FailedBlobRequests();
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(failed, HttpPipelinePosition.PerCall);
        await using var cluster = new IngestionCluster(silos: 1, blobOptions: blobOptions);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        await using var api = await PaginatedApi.StartAsync(itemCount: 95, pageSize: 10, Cancellation);

        var range = await cluster.RunAsync(Specs.Range(upstream, pages: 20));
        var open = await cluster.RunAsync(new JobSpec
        {
            Source = SourceSpec.Range(api.PageTemplate, 1, to: null) with { StopWhenEmpty = "/items" },
            Concurrency = 4,
            Destination = Specs.NewDestination(),
        });
        await cluster.RunAsync(Specs.Range(upstream, pages: 5) with { Destination = range.Destination with { IfExists = IfPrefixExists.Replace } });
        upstream.Script((page, _) => page > 2 ? UpstreamResponse.Hanging : null);
        var cancelled = Guid.CreateVersion7();
        await cluster.Job(cancelled).StartAsync(Specs.Range(upstream, pages: 50, concurrency: 8));
        await cluster.WaitForAsync(cancelled, view => view.Pages.Succeeded == 2 && view.Pages.InFlight == 8, TimeSpan.FromSeconds(30));
        await cluster.Job(cancelled).Cancel();

        Assert.Equal(JobStatus.Completed, range.Status);
        Assert.Equal(JobStatus.Completed, open.Status);
        var unexpected = failed.All.Where(request => !IsOrleansReadingStateNeverSaved(request)).ToList();
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
    }

    /// <summary>
    /// Orleans reads a grain's state when it first activates, and a new job (or the job list, the first time) has none
    /// yet: that 404 is the grain storage provider's, once per job, outside the job's own spans.
    /// </summary>
    private static bool IsOrleansReadingStateNeverSaved(string request) =>
        request.StartsWith("GET devstoreaccount1/grainstate/", StringComparison.Ordinal)
        && (request.Contains("/job-ingestionjob/", StringComparison.Ordinal) || request.Contains("/registry-jobregistry/", StringComparison.Ordinal))
        && request.EndsWith(" 404 BlobNotFound", StringComparison.Ordinal);
}
