using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Records;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests.Records;

/// <summary>
/// Records stay exactly once when the silo writing them dies mid-job: the records resume on another silo from their
/// last committed file, and write the files that were open again under the same names. A cluster of its own, since the
/// test breaks it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RecordsSiloDeathTests
{
    private const int Pages = 1_200;
    private const int PerPage = 100;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_record_of_every_stored_page_is_in_the_files_once_after_the_records_silo_dies()
    {
        // Files open across 50 pages are committed: checkpoints come often, with files open between them.
        await using var cluster = new IngestionCluster(silos: 3, settings: new Dictionary<string, string?> { ["Ingestion:Records:ReplayWindowPages"] = "50" });
        await cluster.InitializeAsync();
        await using var source = await RecordSource.StartAsync(PerPage, days: 4, Cancellation);
        source.Delay = TimeSpan.FromMilliseconds(25);

        // Three jobs at once; the silo that writes the records of most of them is killed.
        var jobs = new List<(Guid Id, JobSpec Spec)>();
        for (var i = 0; i < 3; i++)
        {
            var spec = new JobSpec
            {
                Source = SourceSpec.Range(source.UrlTemplate, 1, Pages),
                Concurrency = 4,
                Retry = Specs.FastRetry,
                Destination = Specs.NewDestination(),
                Records = new RecordsSpec
                {
                    Pointer = "/items",
                    PartitionBy = new RecordPartitionSpec { Pointer = "/created_at" },
                    TargetFileMiB = 1,
                    Lineage = true,
                },
            };
            var id = Guid.CreateVersion7();
            await cluster.Job(id).StartAsync(spec);
            jobs.Add((id, spec));
        }

        // Files committed and others open: the death comes between checkpoints.
        foreach (var (id, _) in jobs)
        {
            await cluster.WaitForAsync(id, view => view.Records is { Files: >= 2 } || view.Status.IsFinished(), TimeSpan.FromMinutes(2));
        }

        var running = new List<Guid>();
        foreach (var (id, _) in jobs)
        {
            if ((await cluster.Job(id).GetView())!.Status == JobStatus.Running)
            {
                running.Add(id);
            }
        }

        var victim = cluster.Cluster.Silos
            .Select(silo => (Silo: silo, Records: running.Count(id => cluster.Hosts(silo, cluster.Grains.GetGrain<IJobRecordsGrain>(id)))))
            .MaxBy(candidate => candidate.Records);
        Assert.True(victim.Records > 0, "Every job ended before the kill: the test proves nothing.");
        await cluster.Cluster.KillSiloAsync(victim.Silo, Cancellation);

        foreach (var (id, spec) in jobs)
        {
            var job = await cluster.WaitForEndAsync(id, TimeSpan.FromMinutes(4));
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal(Pages, job.Pages.Succeeded);
            using var files = await RecordFilesOnDisk.CopyAsync(cluster.Blobs, spec.Destination, Cancellation);
            var totals = await files.QueryRowAsync(
                "SELECT count(*), count(DISTINCT id), min(id), max(id), count(DISTINCT _page) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true)",
                Cancellation);
            Assert.Equal([(long)Pages * PerPage, (long)Pages * PerPage, 1L, (long)Pages * PerPage, Pages], totals.Select(RecordFilesOnDisk.Long));
            Assert.Equal((long)Pages * PerPage, job.Records!.Rows);
        }
    }
}
