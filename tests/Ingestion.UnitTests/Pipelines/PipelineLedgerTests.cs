using Ingestion.Jobs;
using Ingestion.Pipelines;
using static Ingestion.UnitTests.Pipelines.PipelineScheduleTests;

namespace Ingestion.UnitTests.Pipelines;

public sealed class PipelineLedgerTests
{
    private static readonly DateTimeOffset Created = At("2026-03-01T09:30:00Z");
    private static readonly Watermark Initial = Watermark.Parse("2024-01-01T00:00:00Z");
    private static readonly PipelineOptions Options = new()
    {
        OnTimeTolerance = TimeSpan.FromMinutes(1),
        RunPollPeriod = TimeSpan.FromSeconds(30),
        MaxCatchUpRuns = 5,
    };

    private int _jobs;

    [Fact]
    public void Nothing_runs_before_the_first_tick_and_the_pipeline_looks_again_then()
    {
        var ledger = Hourly();

        var step = ledger.Look(At("2026-03-01T09:45:00Z"));

        Assert.Empty(step.Starts);
        Assert.Equal(At("2026-03-01T10:00:00Z"), step.NextLook);
    }

    [Fact]
    public void A_tick_starts_one_run_from_the_watermark_and_a_second_look_starts_nothing()
    {
        var ledger = Hourly();
        ledger.Look(At("2026-03-01T09:45:00Z"));

        var first = ledger.Look(At("2026-03-01T10:00:01Z"));
        var again = ledger.Look(At("2026-03-01T10:00:02Z"));

        var run = Assert.Single(first.Starts);
        Assert.Equal(1, run.Number);
        Assert.Equal(RunTrigger.Schedule, run.Trigger);
        Assert.Equal(At("2026-03-01T10:00:00Z"), run.Tick);
        Assert.Equal(Initial, run.WatermarkFrom);
        Assert.Empty(again.Starts);
        // A run under way: the pipeline looks at it again soon.
        Assert.Equal(At("2026-03-01T10:00:32Z"), again.NextLook);
    }

    [Fact]
    public void With_overlap_skip_a_tick_during_a_run_is_recorded_as_skipped()
    {
        var ledger = Hourly(OverlapPolicy.Skip);
        StartFirstRun(ledger);

        var step = ledger.Look(At("2026-03-01T11:00:01Z"));

        Assert.Empty(step.Starts);
        Assert.Equal(1, ledger.State.SkippedTicks);
        Assert.Equal(At("2026-03-01T11:00:00Z"), ledger.State.LastSkippedTick);
    }

    [Fact]
    public void With_overlap_queue_one_tick_waits_for_the_run_and_starts_when_it_ends()
    {
        var ledger = Hourly(OverlapPolicy.Queue);
        var first = StartFirstRun(ledger);

        Assert.Empty(ledger.Look(At("2026-03-01T11:00:01Z")).Starts);
        Assert.Empty(ledger.Look(At("2026-03-01T12:00:01Z")).Starts);
        var ended = ledger.RunSeen(first.JobId, JobStatus.Completed, reached: null, At("2026-03-01T12:10:00Z"));

        var queued = Assert.Single(ended.Starts);
        Assert.Equal(RunTrigger.Queued, queued.Trigger);
        Assert.Equal(At("2026-03-01T11:00:00Z"), queued.Tick);
        // At most one waits: the 12:00 tick was skipped.
        Assert.Equal(1, ledger.State.SkippedTicks);
        Assert.Empty(ledger.State.Waiting);
    }

    [Fact]
    public void With_overlap_cancel_running_the_run_under_way_is_cancelled_and_a_new_one_starts()
    {
        var ledger = Hourly(OverlapPolicy.CancelRunning);
        var first = StartFirstRun(ledger);

        var step = ledger.Look(At("2026-03-01T11:00:01Z"));

        Assert.Equal([first.JobId], step.Cancels);
        Assert.Equal(2, Assert.Single(step.Starts).Number);
    }

    [Fact]
    public void A_trigger_starts_a_run_now_or_answers_with_the_one_under_way()
    {
        var ledger = Hourly();

        var (manual, step) = ledger.Trigger(At("2026-03-01T09:40:00Z"));
        var (again, secondStep) = ledger.Trigger(At("2026-03-01T09:40:01Z"));

        Assert.Equal(RunTrigger.Manual, manual?.Trigger);
        Assert.Null(manual?.Tick);
        Assert.Equal(manual, Assert.Single(step.Starts));
        Assert.Equal(manual, again);
        Assert.Empty(secondStep.Starts);
        Assert.Equal(1, ledger.State.Deduplicated);
    }

    [Fact]
    public void A_paused_pipeline_neither_triggers_nor_runs_its_ticks_nor_catches_them_up()
    {
        var ledger = Hourly(catchUp: CatchUpPolicy.All);
        ledger.Look(At("2026-03-01T09:45:00Z"));
        ledger.State.Paused = true;

        Assert.Null(ledger.Trigger(At("2026-03-01T09:50:00Z")).Run);
        Assert.Empty(ledger.Look(At("2026-03-01T12:00:01Z")).Starts);
        ledger.State.Paused = false;

        Assert.Empty(ledger.Look(At("2026-03-01T12:30:00Z")).Starts);
        Assert.Equal(0, ledger.State.MissedTicks);
    }

    [Fact]
    public void A_completed_run_moves_the_watermark_forward_only()
    {
        var ledger = Hourly();
        var first = StartFirstRun(ledger);

        ledger.RunSeen(first.JobId, JobStatus.Completed, Watermark.Parse("2024-06-01T00:00:00Z"), At("2026-03-01T10:30:00Z"));
        Assert.Equal(Watermark.Parse("2024-06-01T00:00:00Z"), ledger.State.Watermark);

        var (second, _) = ledger.Trigger(At("2026-03-01T10:40:00Z"));
        Assert.Equal(Watermark.Parse("2024-06-01T00:00:00Z"), second?.WatermarkFrom);
        ledger.RunSeen(second!.JobId, JobStatus.Completed, Watermark.Parse("2024-05-01T00:00:00Z"), At("2026-03-01T10:50:00Z"));
        Assert.Equal(Watermark.Parse("2024-06-01T00:00:00Z"), ledger.State.Watermark);
    }

    [Theory]
    [InlineData(JobStatus.Failed, false)]
    [InlineData(JobStatus.Cancelled, false)]
    [InlineData(JobStatus.CompletedWithErrors, false)]
    [InlineData(JobStatus.CompletedWithErrors, true)]
    public void A_run_that_did_not_complete_leaves_the_watermark_unless_allowed(JobStatus status, bool advanceOnErrors)
    {
        var ledger = Hourly(advanceOnErrors: advanceOnErrors);
        var first = StartFirstRun(ledger);

        ledger.RunSeen(first.JobId, status, Watermark.Parse("2024-06-01T00:00:00Z"), At("2026-03-01T10:30:00Z"));

        var moved = status == JobStatus.CompletedWithErrors && advanceOnErrors;
        Assert.Equal(moved ? Watermark.Parse("2024-06-01T00:00:00Z") : Initial, ledger.State.Watermark);
        Assert.Equal(status, ledger.State.Runs[0].Status);
    }

    [Fact]
    public void A_run_s_urls_carry_the_watermark_moved_back_by_the_lookback()
    {
        var ledger = Hourly();
        var run = StartFirstRun(ledger);

        Assert.Equal("2023-12-31T23:55:00Z", ledger.WatermarkForRun(run)?.Text);
    }

    [Fact]
    public void Catching_up_all_runs_the_missed_ticks_one_after_another_oldest_first()
    {
        var ledger = Hourly(catchUp: CatchUpPolicy.All);
        ledger.Look(At("2026-03-01T09:45:00Z"));

        // Down from 09:50 until just after 13:00: 10:00, 11:00 and 12:00 were missed; 13:00 is on time.
        var first = Assert.Single(ledger.Look(At("2026-03-01T13:00:05Z")).Starts);
        var ticks = new List<DateTimeOffset?> { first.Tick };
        var current = first;
        for (var i = 0; i < 3; i++)
        {
            current = Assert.Single(ledger.RunSeen(current.JobId, JobStatus.Completed, null, At("2026-03-01T13:10:00Z").AddMinutes(i)).Starts);
            ticks.Add(current.Tick);
        }

        Assert.Equal([At("2026-03-01T10:00:00Z"), At("2026-03-01T11:00:00Z"), At("2026-03-01T12:00:00Z"), At("2026-03-01T13:00:00Z")], ticks);
        Assert.Equal(RunTrigger.CatchUp, first.Trigger);
    }

    [Fact]
    public void Only_keep_runs_runs_stay_listed_and_the_oldest_ended_go_first()
    {
        var ledger = Hourly(keepRuns: 2);
        for (var i = 0; i < 3; i++)
        {
            var (run, _) = ledger.Trigger(At("2026-03-01T09:40:00Z").AddMinutes(i));
            ledger.RunSeen(run!.JobId, JobStatus.Completed, null, At("2026-03-01T09:40:30Z").AddMinutes(i));
        }

        Assert.Equal([2, 3], ledger.State.Runs.Select(run => run.Number));
        Assert.Equal(4, ledger.State.NextRunNumber);
    }

    [Fact]
    public void A_run_revalidates_the_latest_earlier_run_that_ended_when_every_run_has_a_prefix_of_its_own()
    {
        var ledger = Hourly(prefix: "items/{jobId}", overlap: OverlapPolicy.Queue);
        var (first, _) = ledger.Trigger(At("2026-03-01T09:40:00Z"));
        Assert.Null(ledger.BaselineFor(first!));

        ledger.RunSeen(first!.JobId, JobStatus.CompletedWithErrors, null, At("2026-03-01T09:41:00Z"));
        var (second, _) = ledger.Trigger(At("2026-03-01T09:42:00Z"));
        Assert.Equal(first.JobId, ledger.BaselineFor(second!)?.JobId);

        // A run whose job could not start wrote nothing: the one before it stays the baseline.
        ledger.RunSeen(second!.JobId, JobStatus.Failed, null, At("2026-03-01T09:43:00Z"), "The run's job could not be started");
        var (third, _) = ledger.Trigger(At("2026-03-01T09:44:00Z"));
        Assert.Equal(first.JobId, ledger.BaselineFor(third!)?.JobId);
    }

    [Fact]
    public void With_purge_data_a_forgotten_run_is_queued_and_offered_for_purging_only_while_no_run_is_under_way()
    {
        var ledger = Hourly(keepRuns: 1, prefix: "items/{jobId}", overlap: OverlapPolicy.Queue, purgeData: true);
        var (first, _) = ledger.Trigger(At("2026-03-01T09:40:00Z"));
        ledger.RunSeen(first!.JobId, JobStatus.Completed, null, At("2026-03-01T09:41:00Z"));

        // Run 2 starts: run 1, past keepRuns, stays while it is the latest run that ended, as run 2's baseline.
        var (second, started) = ledger.Trigger(At("2026-03-01T09:42:00Z"));
        Assert.Equal([1, 2], ledger.State.Runs.Select(run => run.Number));
        Assert.Equal(first.JobId, ledger.BaselineFor(second!)?.JobId);
        Assert.Empty(ledger.State.PurgeQueue);
        Assert.Empty(started.Purges);

        // Run 2 ends: run 1 is forgotten, and no run can point at its blobs any more but through run 2's manifest.
        var ended = ledger.RunSeen(second!.JobId, JobStatus.Completed, null, At("2026-03-01T09:43:00Z"));
        Assert.Equal([2], ledger.State.Runs.Select(run => run.Number));
        Assert.Equal([first.JobId], ended.Purges);
        Assert.Equal([second.JobId], ended.KeptRuns);

        ledger.Purged(ended.Purges);
        Assert.Empty(ledger.State.PurgeQueue);
    }

    [Fact]
    public void Without_purge_data_a_forgotten_run_s_data_is_never_offered_for_purging()
    {
        var ledger = Hourly(keepRuns: 1, prefix: "items/{jobId}");
        for (var i = 0; i < 3; i++)
        {
            var (run, _) = ledger.Trigger(At("2026-03-01T09:40:00Z").AddMinutes(i));
            Assert.Empty(ledger.RunSeen(run!.JobId, JobStatus.Completed, null, At("2026-03-01T09:40:30Z").AddMinutes(i)).Purges);
        }

        Assert.Empty(ledger.State.PurgeQueue);
    }

    [Fact]
    public void Runs_that_share_a_prefix_have_no_baseline()
    {
        var ledger = Hourly(prefix: "items/{date}");
        var (first, _) = ledger.Trigger(At("2026-03-01T09:40:00Z"));
        ledger.RunSeen(first!.JobId, JobStatus.Completed, null, At("2026-03-01T09:41:00Z"));
        var (second, _) = ledger.Trigger(At("2026-03-01T09:42:00Z"));

        Assert.Null(ledger.BaselineFor(second!));
    }

    private static PipelineRun StartFirstRun(PipelineLedger ledger)
    {
        ledger.Look(At("2026-03-01T09:45:00Z"));
        return Assert.Single(ledger.Look(At("2026-03-01T10:00:01Z")).Starts);
    }

    private PipelineLedger Hourly(
        OverlapPolicy overlap = OverlapPolicy.Skip,
        CatchUpPolicy catchUp = CatchUpPolicy.Latest,
        bool advanceOnErrors = false,
        int keepRuns = 200,
        string prefix = "items",
        bool purgeData = false)
    {
        var spec = new PipelineSpec
        {
            Name = "items-hourly",
            Schedule = new ScheduleSpec { Cron = "0 * * * *" },
            Overlap = overlap,
            CatchUp = catchUp,
            Incremental = new IncrementalSpec
            {
                CursorPointer = "/updated_at",
                RecordsPointer = "/items",
                Initial = Initial,
                Lookback = TimeSpan.FromMinutes(5),
                AdvanceOnErrors = advanceOnErrors,
            },
            Job = JobSpecParsing.Parse($$"""{ "source": { "urls": ["https://api.example.com/items?since={watermark}"] }, "destination": { "container": "lake", "prefix": "{{prefix}}" } }""").Spec!,
            Retention = new RetentionSpec { KeepRuns = keepRuns, PurgeData = purgeData },
        };
        return new PipelineLedger(PipelineLedger.Create(spec, Created), Options, () => Guid.Parse($"00000000-0000-0000-0000-{++_jobs:D12}"));
    }
}
