using Ingestion.Jobs;

namespace Ingestion.Pipelines;

/// <summary>
/// A pipeline's decisions, without Orleans or I/O: which ticks start runs, which wait, which are skipped or let go;
/// what a trigger starts; what a run's end does to the watermark; when to look again. The pipeline grain persists
/// <see cref="State"/> before it carries out the <see cref="LedgerStep.Starts"/> and <see cref="LedgerStep.Cancels"/>
/// of a step, so a run's job id is settled before its job is started (and starting it again is harmless).
/// </summary>
public sealed class PipelineLedger(PipelineLedgerState state, PipelineOptions options, Func<Guid> newJobId)
{
    public PipelineLedgerState State => state;

    private PipelineSpec Spec => state.Spec ?? throw new InvalidOperationException("The pipeline has no spec.");

    /// <summary>The run under way: started and not ended. There is at most one.</summary>
    public PipelineRun? Current => state.Runs.LastOrDefault(run => !run.HasEnded);

    /// <summary>A new pipeline: its first tick is the schedule's first after <paramref name="now"/>.</summary>
    public static PipelineLedgerState Create(PipelineSpec spec, DateTimeOffset now) => new()
    {
        Spec = spec,
        CreatedAt = now,
        LastTick = now,
        Watermark = spec.Incremental?.Initial,
    };

    /// <summary>
    /// Replaces the spec. The schedule's next tick is the new schedule's first after <paramref name="now"/>; ticks
    /// waiting for the run under way are dropped. The watermark stays unless <paramref name="resetWatermark"/> (then it is
    /// the new spec's initial one); a pipeline that is no longer incremental has none.
    /// </summary>
    public LedgerStep Replace(PipelineSpec spec, bool resetWatermark, DateTimeOffset now)
    {
        state.Spec = spec;
        state.LastTick = now;
        state.Waiting.Clear();
        state.Watermark = spec.Incremental is null ? null
            : resetWatermark || state.Watermark is null ? spec.Incremental.Initial
            : state.Watermark;
        return Finish(new LedgerStep(), PipelineSchedule.From(spec.Schedule, state.CreatedAt), now);
    }

    /// <summary>The ticks due by <paramref name="now"/>, dealt with once each.</summary>
    public LedgerStep Look(DateTimeOffset now)
    {
        var schedule = PipelineSchedule.From(Spec.Schedule, state.CreatedAt);
        var step = new LedgerStep();
        if (state.Paused || state.Deleted)
        {
            // Ticks of a paused pipeline pass without a run, and are not caught up on resume.
            state.LastTick = TickPlan.For(schedule, state.LastTick, now, CatchUpPolicy.None, 0, TimeSpan.Zero).LastTick ?? state.LastTick;
            return Finish(step, schedule, now);
        }

        var plan = TickPlan.For(schedule, state.LastTick, now, Spec.CatchUp, options.MaxCatchUpRuns, options.OnTimeTolerance);
        state.LastTick = plan.LastTick ?? state.LastTick;
        state.MissedTicks += plan.Missed;
        foreach (var tick in plan.Runs)
        {
            var trigger = now - tick <= options.OnTimeTolerance ? RunTrigger.Schedule : RunTrigger.CatchUp;
            if (trigger == RunTrigger.CatchUp || state.Waiting.Exists(waiting => waiting.Trigger == RunTrigger.CatchUp))
            {
                // Missed ticks run one after another, in order, whatever the overlap policy; a tick on time during a
                // catch-up runs after them.
                state.Waiting.Add(new WaitingTick(tick, trigger));
                continue;
            }

            // Ticks waiting to run count as work under way: a tick on time does not jump the queue.
            var busy = Current is not null || state.Waiting.Count > 0 || step.Starts.Count > 0;
            var queued = state.Waiting.Exists(waiting => waiting.Trigger == RunTrigger.Queued);
            switch (TickActions.Decide(Spec.Overlap, busy, queued))
            {
                case TickAction.Start:
                    step.Starts.Add(NewRun(trigger, tick, now));
                    break;
                case TickAction.Skip:
                    state.SkippedTicks++;
                    state.LastSkippedTick = tick;
                    break;
                case TickAction.Queue:
                    state.Waiting.Add(new WaitingTick(tick, RunTrigger.Queued));
                    break;
                case TickAction.CancelRunningThenStart when Current is { } running:
                    step.Cancels.Add(running.JobId);
                    step.Starts.Add(NewRun(trigger, tick, now));
                    break;
                case TickAction.CancelRunningThenStart:
                    // Only ticks are waiting: this one waits behind them.
                    state.Waiting.Add(new WaitingTick(tick, RunTrigger.Queued));
                    break;
            }
        }

        StartWaiting(step, now);
        return Finish(step, schedule, now);
    }

    /// <summary>
    /// A run now. A trigger that finds a run under way answers with that run instead of starting a second, so a trigger
    /// racing a tick starts one run. Null when the pipeline is paused or deleted.
    /// </summary>
    public (PipelineRun? Run, LedgerStep Step) Trigger(DateTimeOffset now)
    {
        var step = new LedgerStep();
        var schedule = PipelineSchedule.From(Spec.Schedule, state.CreatedAt);
        if (state.Paused || state.Deleted)
        {
            return (null, Finish(step, schedule, now));
        }

        if (Current is { } running)
        {
            state.Deduplicated++;
            return (running, Finish(step, schedule, now));
        }

        var run = NewRun(RunTrigger.Manual, tick: null, now);
        step.Starts.Add(run);
        return (run, Finish(step, schedule, now));
    }

    /// <summary>
    /// What a run's job was last seen as. Its end moves the watermark when it completed (and, if the pipeline allows,
    /// when it completed with errors) to the largest cursor its records held, never back; any other end leaves the
    /// watermark where it was, for the next run to cover the gap. Then a waiting tick may start.
    /// </summary>
    public LedgerStep RunSeen(Guid jobId, JobStatus status, Watermark? reached, DateTimeOffset now, string? error = null)
    {
        var step = new LedgerStep();
        var index = state.Runs.FindIndex(run => run.JobId == jobId);
        if (index < 0 || state.Runs[index].HasEnded)
        {
            return step;
        }

        var ended = status.IsFinished();
        state.Runs[index] = state.Runs[index] with
        {
            Status = status,
            EndedAt = ended ? now : null,
            WatermarkTo = ended ? reached : null,
            Error = error,
        };

        if (ended && MovesWatermark(status) && reached is not null)
        {
            state.Watermark = Watermark.Max(state.Watermark, reached);
        }

        if (ended && !state.Paused && !state.Deleted)
        {
            StartWaiting(step, now);
        }

        return Finish(step, PipelineSchedule.From(Spec.Schedule, state.CreatedAt), now);
    }

    /// <summary>
    /// Whether a run that ended <paramref name="status"/> moves the watermark: an incremental pipeline's run that
    /// completed, or completed with errors when the pipeline allows it.
    /// </summary>
    public bool MovesWatermark(JobStatus status) =>
        Spec.Incremental is { } incremental
        && (status == JobStatus.Completed || (status == JobStatus.CompletedWithErrors && incremental.AdvanceOnErrors));

    /// <summary>The value a run's URLs carry for <c>{watermark}</c>: the watermark moved back by the lookback.</summary>
    public Watermark? WatermarkForRun(PipelineRun run) =>
        run.WatermarkFrom is { } from && Spec.Incremental is { } incremental ? from.Minus(incremental.Lookback) : null;

    /// <summary>
    /// The run <paramref name="run"/> revalidates (its pages' requests are conditional on what that run fetched): the
    /// latest earlier run whose job ended, when every run writes under a prefix of its own. With a shared prefix a run
    /// replaces the blobs before it, so none could stand for an unchanged page.
    /// </summary>
    public PipelineRun? BaselineFor(PipelineRun run) =>
        PipelineSpec.IsPrefixPerRun(Spec.Job.Destination.Prefix)
            ? state.Runs.LastOrDefault(each => each.Number < run.Number && each is { HasEnded: true, Error: null })
            : null;

    private void StartWaiting(LedgerStep step, DateTimeOffset now)
    {
        if (Current is null && step.Starts.Count == 0 && state.Waiting.Count > 0)
        {
            var next = state.Waiting[0];
            state.Waiting.RemoveAt(0);
            step.Starts.Add(NewRun(next.Trigger, next.Tick, now));
        }
    }

    private PipelineRun NewRun(RunTrigger trigger, DateTimeOffset? tick, DateTimeOffset now)
    {
        var run = new PipelineRun
        {
            Number = state.NextRunNumber++,
            JobId = newJobId(),
            Trigger = trigger,
            Tick = tick,
            CreatedAt = now,
            WatermarkFrom = state.Watermark,
        };
        state.Runs.Add(run);
        return run;
    }

    /// <summary>The forgotten runs whose data has been purged leave the queue.</summary>
    public void Purged(IEnumerable<Guid> jobIds)
    {
        foreach (var jobId in jobIds)
        {
            state.PurgeQueue.Remove(jobId);
        }
    }

    /// <summary>
    /// Forgets the oldest ended runs past keepRuns (queueing their data for purging, when the spec says so), offers the
    /// queue to purge while no run is under way, and says when to look again.
    /// </summary>
    private LedgerStep Finish(LedgerStep step, PipelineSchedule schedule, DateTimeOffset now)
    {
        // The latest run that ended stays whatever keepRuns says: it is the baseline the next run revalidates.
        var excess = state.Runs.Count - Spec.Retention.KeepRuns;
        var latestEnded = state.Runs.LastOrDefault(run => run.HasEnded);
        for (var i = 0; i < state.Runs.Count && excess > 0;)
        {
            if (state.Runs[i].HasEnded && state.Runs[i] != latestEnded)
            {
                if (Spec.Retention.PurgeData && state.Runs[i].Error is null)
                {
                    state.PurgeQueue.Add(state.Runs[i].JobId);
                }

                state.Runs.RemoveAt(i);
                excess--;
            }
            else
            {
                i++;
            }
        }

        if (state.PurgeQueue.Count > 0 && Current is null && state.Waiting.Count == 0 && step.Starts.Count == 0)
        {
            step.Purges.AddRange(state.PurgeQueue);
            step.KeptRuns.AddRange(state.Runs.Where(run => run is { HasEnded: true, Error: null }).Select(run => run.JobId));
        }

        var nextTick = state.Paused || state.Deleted ? null : schedule.NextAfter(state.LastTick is { } last && last > now ? last : now);
        var busy = Current is not null || state.Waiting.Count > 0 || step.Starts.Count > 0;
        step.NextLook = busy && (nextTick is null || nextTick > now + options.RunPollPeriod) ? now + options.RunPollPeriod : nextTick;
        step.NextTick = nextTick;
        return step;
    }
}
