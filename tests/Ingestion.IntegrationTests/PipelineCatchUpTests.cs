using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pipelines;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A pipeline's schedule across a stop of the whole cluster: its reminder brings it back on new silos, and the ticks it
/// missed while nothing ran become runs as its catch-up policy says. Each test has a cluster of its own, since it stops it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PipelineCatchUpTests
{
    private const int MaxCatchUpRuns = 2;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Ingestion:Pipelines:MinInterval"] = "00:00:01",
        ["Ingestion:Pipelines:RunPollPeriod"] = "00:00:01",
        ["Ingestion:Pipelines:OnTimeTolerance"] = "00:00:02",
        ["Ingestion:Pipelines:MaxCatchUpRuns"] = MaxCatchUpRuns.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(CatchUpPolicy.None)]
    [InlineData(CatchUpPolicy.Latest)]
    [InlineData(CatchUpPolicy.All)]
    public async Task Ticks_missed_while_the_whole_cluster_was_down_run_late_as_the_catch_up_policy_says(CatchUpPolicy policy)
    {
        await using var cluster = new IngestionCluster(silos: 2, settings: Settings);
        await cluster.InitializeAsync();
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        var id = Guid.CreateVersion7();
        await Pipeline(cluster, id).Create(new PipelineSpec
        {
            Name = $"catch-up-{policy}",
            Schedule = new ScheduleSpec { Every = Every },
            CatchUp = policy,
            Overlap = OverlapPolicy.Queue,
            Job = Specs.Range(upstream, pages: 2) with { Destination = new DestinationSpec("catchup", "runs/{jobId}") },
        });
        await WaitForAsync(cluster, id, runs => runs.Count(run => run.HasEnded) >= 2, TimeSpan.FromSeconds(30));

        await cluster.Cluster.StopAllSilosAsync(Cancellation);
        var stoppedAt = DateTimeOffset.UtcNow;
        await Task.Delay(Down, Cancellation);
        await cluster.Cluster.StartSilosAsync(2, Cancellation);
        await cluster.Cluster.InitializeClientAsync(Cancellation);

        // Nothing calls the pipeline: its reminder alone brings it back. Wait until it runs on schedule again.
        var back = stoppedAt + Down;
        var runs = await WaitForAsync(
            cluster, id, runs => runs.Any(run => run is { Trigger: RunTrigger.Schedule, HasEnded: true } && run.Tick > back.AddSeconds(5)), TimeSpan.FromSeconds(90));
        var view = (await Pipeline(cluster, id).GetView())!;

        // The first look after the restart decided the runs for every tick up to it at once (later ones come from later
        // looks): those are the runs for ticks after the stop up to the first run created after the restart.
        var firstLook = runs.Where(run => run.CreatedAt > back).Min(run => run.CreatedAt);
        var decidedThen = runs.Where(run => run.Tick > stoppedAt && run.Tick <= firstLook).ToList();
        var late = runs.Where(run => run.Trigger == RunTrigger.CatchUp).ToList();
        Assert.All(late, run => Assert.InRange(run.Tick!.Value, stoppedAt, firstLook));
        Assert.All(runs.Where(run => run.HasEnded), run => Assert.Equal(JobStatus.Completed, run.Status));
        Assert.Equal(runs.Count, runs.Select(run => run.Tick).Distinct().Count());
        switch (policy)
        {
            case CatchUpPolicy.None:
                // Let go, and counted; at most a tick that was on time when the pipeline looked.
                Assert.Empty(late);
                Assert.InRange(decidedThen.Count, 0, 1);
                Assert.True(view.MissedTicks >= (int)(Down / Every) - 1, $"{view.MissedTicks} missed ticks");
                break;
            case CatchUpPolicy.Latest:
                // One run stands for every tick missed.
                Assert.Single(decidedThen);
                Assert.InRange(late.Count, 0, 1);
                break;
            default:
                // The newest missed ticks, up to the limit, one run each, and one for a tick on time if there was one.
                Assert.Equal(MaxCatchUpRuns, late.Count);
                Assert.InRange(decidedThen.Count, MaxCatchUpRuns, MaxCatchUpRuns + 1);
                Assert.True(view.MissedTicks >= (int)(Down / Every) - 1 - MaxCatchUpRuns, $"{view.MissedTicks} missed ticks");
                break;
        }
    }

    private static IPipelineGrain Pipeline(IngestionCluster cluster, Guid id) => cluster.Grains.GetGrain<IPipelineGrain>(id);

    private static async Task<IReadOnlyList<PipelineRun>> WaitForAsync(
        IngestionCluster cluster, Guid id, Func<IReadOnlyList<PipelineRun>, bool> condition, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var runs = (await Pipeline(cluster, id).GetRuns(0, 200))!.Items;
            if (condition(runs))
            {
                return runs;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }
}
