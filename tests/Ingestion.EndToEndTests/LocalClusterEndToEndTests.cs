using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Azure.Storage.Blobs.Models;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.EndToEndTests;

/// <summary>
/// The local run is a cluster: two silos by default, and a job carries on when one of them is stopped under it, as a
/// user would stop it from the dashboard.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class LocalClusterEndToEndTests(AppHostFixture app)
{
    private const string SecondSilo = "silo-2";
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_silos_run_as_one_cluster_and_a_job_completes_when_one_is_stopped_mid_job()
    {
        Assert.Equal(2, await ActiveSilosAsync());

        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromMilliseconds(100);
        const int Pages = 600;
        using var submitted = await app.Api.PostAsJsonAsync("/api/jobs", new
        {
            source = new { urlTemplate = $"{upstream.BaseUrl}/pages/{{page}}", pages = new { from = 1, to = Pages } },
            concurrency = 16,
            destination = new { prefix = "e2e/{jobId}" },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = (await submitted.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;

        var serverErrors = new List<HttpStatusCode>();
        JobView? view = null;
        var stopped = false;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            using var response = await app.Api.GetAsync($"/api/jobs/{job.Id}", Cancellation);
            if ((int)response.StatusCode >= 500)
            {
                serverErrors.Add(response.StatusCode);
            }
            else
            {
                view = (await response.Content.ReadFromJsonAsync<JobView>(ApiJson.Options, Cancellation))!;
                if (view.Status.IsFinished())
                {
                    break;
                }

                if (!stopped && view.Pages.Succeeded >= Pages / 4)
                {
                    var stop = await Commands.ExecuteCommandAsync(Resource(SecondSilo), KnownCommands.Stop, Cancellation);
                    Assert.True(stop.Success, stop.Message);
                    stopped = true;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The job did not end within three minutes: {view?.Status} {view?.Pages}; {await app.ResourceLogsAsync()}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancellation);
        }

        try
        {
            Assert.True(stopped, "The job ended before the silo could be stopped.");
            Assert.Empty(serverErrors);
            Assert.Equal(JobStatus.Completed, view.Status);
            Assert.Equal(Pages, view.Pages.Succeeded);
            var stored = new List<string>();
            await foreach (var blob in app.Blobs.GetBlobContainerClient("ingest")
                .GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"e2e/{job.Id}/pages/", Cancellation))
            {
                stored.Add(blob.Metadata["page"]);
            }

            Assert.Equal(Pages, stored.Count);
            Assert.Equal(Pages, stored.Distinct().Count());
            Assert.All(Enumerable.Range(1, Pages), page => Assert.InRange(upstream.RequestCount(page), 1, 2));
        }
        finally
        {
            // The other tests share this AppHost: give it its second silo back.
            await Commands.ExecuteCommandAsync(Resource(SecondSilo), KnownCommands.Start, Cancellation);
            await app.App.ResourceNotifications.WaitForResourceHealthyAsync(SecondSilo, Cancellation);
        }
    }

    private ResourceCommandService Commands => app.App.Services.GetRequiredService<ResourceCommandService>();

    private IResource Resource(string name) =>
        app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == name);

    /// <summary>The silos the cluster's membership table lists as active.</summary>
    private async Task<int> ActiveSilosAsync()
    {
        var active = 0;
        await foreach (var row in app.Tables.GetTableClient("OrleansSiloInstances").QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Cancellation))
        {
            if (row.GetString("Status") == "Active")
            {
                active++;
            }
        }

        return active;
    }

    /// <summary>The commands every resource has in the dashboard.</summary>
    private static class KnownCommands
    {
        public const string Stop = "resource-stop";
        public const string Start = "resource-start";
    }
}
