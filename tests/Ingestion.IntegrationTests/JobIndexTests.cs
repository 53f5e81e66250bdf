using Ingestion.Grains;
using Ingestion.Grains.Jobs.Index;
using Ingestion.Grains.Registry;
using Ingestion.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Ingestion.IntegrationTests;

/// <summary>The job index in the real table (Azurite): slices newest first, continuations, and the older registry moved in.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobIndexTests(SharedCluster shared)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jobs_across_months_are_read_newest_first_a_slice_at_a_time_each_once_to_an_end()
    {
        var index = new JobIndex(shared.Cluster.Silos[0].ServiceProvider.GetRequiredService<Azure.Data.Tables.TableServiceClient>());
        // Far in the future, so that they come before every job the other tests start.
        var first = DateTimeOffset.Parse("3000-01-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var jobs = Enumerable.Range(0, 9)
            .Select(i => new JobSummary(Guid.CreateVersion7(), $"index-{i}", JobStatus.Completed, first.AddDays(i * 10), null))
            .ToList();
        foreach (var job in jobs)
        {
            await index.UpsertAsync(job, Cancellation);
        }

        // A job's row is replaced, not added to, when its status changes.
        await index.UpsertAsync(jobs[4] with { Status = JobStatus.Failed }, Cancellation);

        var read = new List<JobSummary>();
        var slices = 0;
        string? continuation = null;
        do
        {
            var slice = await index.ListAsync(4, continuation, Cancellation);
            read.AddRange(slice.Items.Where(job => job.Name?.StartsWith("index-", StringComparison.Ordinal) == true));
            continuation = slice.Continuation;
            slices++;
        }
        while (continuation is not null && read.Count < jobs.Count);

        Assert.Equal(jobs.Select(job => job.Id).Reverse(), read.Select(job => job.Id));
        Assert.Equal(3, slices);
        Assert.Equal(JobStatus.Failed, Assert.Single(read, job => job.Id == jobs[4].Id).Status);
    }

    [Fact]
    public async Task Jobs_an_older_cluster_kept_in_its_registry_are_listed_once_moved_into_the_index()
    {
        // A cluster of its own: the registry must not have been read before its older state is put in place.
        await using var cluster = new IngestionCluster(silos: 1);
        await cluster.InitializeAsync();
        var silo = cluster.Cluster.Silos[0].ServiceProvider;
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.JobStore);
        var older = Enumerable.Range(0, 3)
            .Select(i => new JobSummary(Guid.CreateVersion7(), $"registry-{i}", JobStatus.Completed, DateTimeOffset.Parse("3100-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddHours(i), null))
            .ToList();
        var registry = cluster.Cluster.Client.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key);
        var saved = new GrainState<JobRegistryState>(new JobRegistryState { Jobs = [.. older] });
        await storage.WriteStateAsync("registry", registry.GetGrainId(), saved);

        var listed = await cluster.Cluster.Client.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).List(3, null);

        Assert.Equal(older.Select(job => job.Id).Reverse(), listed!.Items.Select(job => job.Id));
        var left = new GrainState<JobRegistryState>(new JobRegistryState());
        await storage.ReadStateAsync("registry", registry.GetGrainId(), left);
        Assert.Empty(left.State?.Jobs ?? []);
    }

    [Fact]
    public async Task A_continuation_the_index_did_not_give_is_refused()
    {
        var index = shared.Cluster.Client.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);

        Assert.Null(await index.List(5, "bm90IGEgY29udGludWF0aW9u"));
    }
}
