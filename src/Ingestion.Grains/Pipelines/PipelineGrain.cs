using Ingestion.Jobs;
using Ingestion.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Ingestion.Grains.Pipelines;

/// <summary>
/// A recurring pipeline: a shell over its <see cref="PipelineLedger"/>, which decides. Its schedule is the reminder
/// <see cref="TickReminder"/>, so ticks come after a silo dies or the whole cluster restarts; each look first asks the
/// run under way how it is, then lets the ledger deal with the ticks due. A decision is saved before it is carried out:
/// a run's job id is settled before the job is started, and starting it again (after a crash) returns the same job.
/// </summary>
public sealed partial class PipelineGrain(
    [PersistentState("pipeline", StorageNames.JobStore)] IPersistentState<PipelineLedgerState> state,
    RunWatermarkReader watermarks,
    RunDataPurger purger,
    PipelineIndex index,
    IOptions<PipelineOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<PipelineGrain> logger)
    : Grain, IPipelineGrain, IRemindable
{
    public const string TickReminder = "tick";

    private bool Exists => state.RecordExists && state.State.Spec is not null && !state.State.Deleted;

    private PipelineLedger Ledger => new(state.State, options.Value, Guid.CreateVersion7);

    private Guid Id => this.GetPrimaryKey();

    public async Task<PipelineView> Create(PipelineSpec spec)
    {
        if (!Exists)
        {
            state.State = PipelineLedger.Create(spec, time.GetUtcNow());
            var step = Ledger.Look(time.GetUtcNow());
            await state.WriteStateAsync();
            await ScheduleAsync(step.NextLook);
            LogCreated(Id, spec.Name, step.NextTick);
        }

        // Again on a repeated create: a row that a failed first write left out is written now.
        await IndexAsync();
        return View();
    }

    public Task<PipelineView?> GetView() => Task.FromResult(Exists ? View() : null);

    public async Task<PipelineView?> Replace(PipelineSpec spec, bool resetWatermark)
    {
        if (!Exists)
        {
            return null;
        }

        var step = Ledger.Replace(spec, resetWatermark, time.GetUtcNow());
        await state.WriteStateAsync();
        await ScheduleAsync(step.NextLook);
        await IndexAsync();
        return View();
    }

    public async Task<PipelineView?> SetPaused(bool paused)
    {
        if (!Exists)
        {
            return null;
        }

        if (state.State.Paused != paused)
        {
            state.State.Paused = paused;
            var step = Ledger.Look(time.GetUtcNow());
            await state.WriteStateAsync();
            await ScheduleAsync(step.NextLook);
            await IndexAsync();
        }

        return View();
    }

    public async Task<TriggerResult> Trigger()
    {
        if (!Exists)
        {
            return new TriggerResult(null, Started: false, Paused: false, NotFound: true);
        }

        var refreshed = await RefreshRunAsync();
        var (run, step) = Ledger.Trigger(time.GetUtcNow());
        step.Starts.InsertRange(0, refreshed.Starts);
        await state.WriteStateAsync();
        await CarryOutAsync(step);
        await ScheduleAsync(step.NextLook);
        if (run is null)
        {
            return new TriggerResult(null, Started: false, Paused: true, NotFound: false);
        }

        return new TriggerResult(state.State.Runs.Find(each => each.JobId == run.JobId) ?? run, Started: step.Starts.Exists(each => each.JobId == run.JobId), Paused: false, NotFound: false);
    }

    public Task<Listing<PipelineRun>?> GetRuns(int skip, int take)
    {
        if (!Exists)
        {
            return Task.FromResult<Listing<PipelineRun>?>(null);
        }

        var runs = state.State.Runs;
        var page = Enumerable.Reverse(runs).Skip(skip).Take(take).ToList();
        return Task.FromResult<Listing<PipelineRun>?>(new Listing<PipelineRun>(page, runs.Count, skip, take));
    }

    public async Task<bool> Delete()
    {
        if (!Exists)
        {
            if (state.State.Deleted)
            {
                // A row that a failed first removal left behind goes now.
                await index.DeleteAsync(Id, state.State.CreatedAt, CancellationToken.None);
            }

            return false;
        }

        state.State.Deleted = true;
        await state.WriteStateAsync();
        await ScheduleAsync(null);
        await index.DeleteAsync(Id, state.State.CreatedAt, CancellationToken.None);
        LogDeleted(Id);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TickReminder)
        {
            return;
        }

        if (!Exists)
        {
            await ScheduleAsync(null);
            return;
        }

        await LookAsync();
    }

    public async Task RunEnded(Guid jobId)
    {
        // Only news of the run under way changes anything; a late or repeated one is looked at by the next tick anyway.
        if (Exists && Ledger.Current?.JobId == jobId)
        {
            await LookAsync();
        }
    }

    /// <summary>Sees how the run under way stands and which ticks are due, saves what that decides, then carries it out.</summary>
    private async Task LookAsync()
    {
        var step = await RefreshRunAsync();
        var look = Ledger.Look(time.GetUtcNow());
        step.Starts.AddRange(look.Starts);
        step.Cancels.AddRange(look.Cancels);
        await state.WriteStateAsync();
        await CarryOutAsync(step);
        await ScheduleAsync(look.NextLook);
        await PurgeAsync(look);
    }

    /// <summary>Purges the data of forgotten runs the ledger offers; a purge that fails stays queued for the next look.</summary>
    private async Task PurgeAsync(LedgerStep step)
    {
        var purged = new List<Guid>();
        foreach (var jobId in step.Purges)
        {
            try
            {
                await purger.PurgeAsync(jobId, step.KeptRuns, CancellationToken.None);
                purged.Add(jobId);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPurgeFailed(exception, Id, jobId);
            }
        }

        if (purged.Count > 0)
        {
            Ledger.Purged(purged);
            await state.WriteStateAsync();
        }
    }

    /// <summary>Asks the run under way how it is; its end may start a tick that waited for it.</summary>
    private async Task<LedgerStep> RefreshRunAsync()
    {
        var step = new LedgerStep();
        if (Ledger.Current is not { } run)
        {
            return step;
        }

        if (run.Status is null)
        {
            // Decided and saved, but its job's start was not seen through (the silo died): start it again, under the
            // same job id, which returns the job if it did start.
            step.Starts.Add(run);
            return step;
        }

        var job = await GrainFactory.GetGrain<IIngestionJobGrain>(run.JobId).GetView();
        if (job is { } seen && (seen.Status != run.Status || seen.Status.IsFinished()))
        {
            var reached = await ReachedAsync(seen);
            var seenStep = Ledger.RunSeen(run.JobId, seen.Status, reached, time.GetUtcNow());
            step.Starts.AddRange(seenStep.Starts);
            if (seen.Status.IsFinished())
            {
                LogRunEnded(Id, run.Number, seen.Status);
            }
        }

        return step;
    }

    /// <summary>
    /// For a run that ended in a way that moves the watermark, the watermark it reached (as <c>incremental.from</c>
    /// says); null otherwise, and for a pipeline that is not incremental.
    /// </summary>
    private async Task<Watermark?> ReachedAsync(JobView run)
    {
        if (!Ledger.MovesWatermark(run.Status) || state.State.Spec!.Incremental is not { } incremental)
        {
            return null;
        }

        if (run.Spec.Run?.Incremental is not null)
        {
            // The job read it before its manifest (where it is too).
            return run.WatermarkTo;
        }

        // A run started before jobs read their own watermark.
        var reading = await watermarks.ReadAsync(RunWatermarkSource.Of(run), incremental, CancellationToken.None);
        LogWatermarkRead(Id, run.Id, reading.Max?.Text, reading.Pages, reading.Records, reading.WithoutCursor, reading.Unreadable);
        return reading.Max;
    }

    /// <summary>Cancels, then starts, the jobs of a saved decision. A start whose destination is taken ends the run as failed.</summary>
    private async Task CarryOutAsync(LedgerStep step)
    {
        foreach (var jobId in step.Cancels)
        {
            // Cancel answers once the job has stopped: its run ends as what the job now is.
            var cancelled = await GrainFactory.GetGrain<IIngestionJobGrain>(jobId).Cancel();
            if (cancelled.Job is { } view)
            {
                Ledger.RunSeen(jobId, view.Status, reached: null, time.GetUtcNow());
            }
        }

        var spec = state.State.Spec!;
        foreach (var run in step.Starts)
        {
            var job = RunSpecs.For(spec.Job, Ledger.WatermarkForRun(run), $"{spec.Name} #{run.Number}") with
            {
                Run = new PipelineRunOrigin
                {
                    PipelineId = Id,
                    RunNumber = run.Number,
                    WatermarkFrom = run.WatermarkFrom?.Text,
                    Baseline = await BaselineOfAsync(run, spec.Job.Destination.Container),
                    WatermarkHeader = spec.Incremental is { From: WatermarkSource.Header } incremental ? incremental.Header : null,
                    Incremental = spec.Incremental,
                },
            };
            var started = await GrainFactory.GetGrain<IIngestionJobGrain>(run.JobId).Start(job);
            var now = time.GetUtcNow();
            if (started.Job is { } view)
            {
                Ledger.RunSeen(run.JobId, view.Status, reached: null, now);
                LogRunStarted(Id, run.Number, run.JobId, run.Trigger);
            }
            else
            {
                Ledger.RunSeen(run.JobId, JobStatus.Failed, reached: null, now, $"The run's job could not be started: {started.Conflict}");
            }
        }

        if (step.Starts.Count > 0)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>Where the run's baseline (<see cref="PipelineLedger.BaselineFor"/>) wrote, when it wrote to the same container.</summary>
    private async Task<BaselineRun?> BaselineOfAsync(PipelineRun run, string container)
    {
        if (Ledger.BaselineFor(run) is not { } baseline)
        {
            return null;
        }

        var view = await GrainFactory.GetGrain<IIngestionJobGrain>(baseline.JobId).GetView();
        return view is { SupersededBy: null } && view.Destination.Container == container
            ? new BaselineRun(baseline.JobId, view.Destination)
            : null;
    }

    /// <summary>The reminder fires at the next look, then every poll period until the next look moves it again.</summary>
    private async Task ScheduleAsync(DateTimeOffset? nextLook)
    {
        if (nextLook is not { } at)
        {
            if (await this.GetReminder(TickReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = options.Value.RunPollPeriod < minimum ? minimum : options.Value.RunPollPeriod;
        var due = at - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(TickReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
    }

    /// <summary>The pipeline's row in the index that <c>GET /api/pipelines</c> lists.</summary>
    private Task IndexAsync() =>
        index.UpsertAsync(PipelineSummary.Of(Id, state.State.Spec!, state.State.CreatedAt, state.State.Paused), CancellationToken.None);

    private PipelineView View()
    {
        var ledger = state.State;
        var nextTick = ledger.Paused ? null : PipelineSchedule.From(ledger.Spec!.Schedule, ledger.CreatedAt).NextAfter(time.GetUtcNow());
        return new PipelineView
        {
            Id = Id,
            Spec = ledger.Spec!,
            CreatedAt = ledger.CreatedAt,
            Paused = ledger.Paused,
            NextRunAt = nextTick,
            Watermark = ledger.Watermark,
            LastRun = ledger.Runs.LastOrDefault(),
            Runs = ledger.NextRunNumber - 1,
            SkippedTicks = ledger.SkippedTicks,
            LastSkippedTick = ledger.LastSkippedTick,
            MissedTicks = ledger.MissedTicks,
            WaitingTicks = ledger.Waiting.Count,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} '{Name}' created; first run at {NextRunAt}")]
    private partial void LogCreated(Guid pipelineId, string name, DateTimeOffset? nextRunAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} run {Number} started as job {JobId} ({Trigger})")]
    private partial void LogRunStarted(Guid pipelineId, int number, Guid jobId, RunTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} run {Number} ended {Status}")]
    private partial void LogRunEnded(Guid pipelineId, int number, JobStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} run {JobId} reached watermark {Watermark}: {Pages} pages, {Records} records, {WithoutCursor} without a cursor, {Unreadable} pages without records")]
    private partial void LogWatermarkRead(Guid pipelineId, Guid jobId, string? watermark, int pages, long records, long withoutCursor, int unreadable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {PipelineId}: the data of forgotten run {JobId} could not be purged yet; the next look tries again")]
    private partial void LogPurgeFailed(Exception exception, Guid pipelineId, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {PipelineId} deleted; its runs' jobs and data stay")]
    private partial void LogDeleted(Guid pipelineId);
}
