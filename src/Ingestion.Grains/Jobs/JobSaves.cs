using Ingestion.Jobs;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Saves a job's state: its counts at checkpoints (failures journaled first), its end as soon as it is found, and a
/// change of status. While a change of status is being saved, <see cref="Shown"/> holds the status before it, for the
/// view to show: a job is only ever shown in a state that has been saved.
/// </summary>
/// <remarks>
/// A write refused because the stored state changed since this activation read it means another activation of the job
/// wrote it (one on a silo that was stopping while the job moved here): this activation is then stale, and every later
/// write of it would be refused too. It is told to go (<paramref name="onConflict"/>), and the next call or the watchdog
/// brings the job back from storage as it stands.
/// </remarks>
internal sealed class JobSaves(IPersistentState<JobState> state, UnstoredPageJournal journal, Guid jobId, ILogger logger, Action onConflict)
{
    public (JobStatus Status, string? Error, DateTimeOffset? CompletedAt)? Shown { get; private set; }

    /// <summary>
    /// Saves a change of status with the counts so far; a save that fails undoes the change. Once it is saved,
    /// <paramref name="announce"/> runs while the view still shows the status before it, so that a caller who sees the
    /// new status finds it wherever it is announced (the job index) too.
    /// </summary>
    public async Task StatusAsync(JobRun run, JobStatus status, string? error, DateTimeOffset? completedAt, Func<Task> announce)
    {
        var job = state.State;
        var before = (job.Status, job.Error, job.CompletedAt);
        Shown = before;
        (job.Status, job.Error, job.CompletedAt) = (status, error, completedAt);
        run.CopyTally();
        try
        {
            try
            {
                await WriteAsync(CancellationToken.None);
                run.Saved();
            }
            catch
            {
                (job.Status, job.Error, job.CompletedAt) = before;
                throw;
            }

            await announce();
        }
        finally
        {
            Shown = null;
        }
    }

    /// <summary>A checkpoint: the pages ended without a blob go to the journal before the counts that include them go to the state.</summary>
    public async Task CheckpointAsync(JobRun run, CancellationToken cancellationToken)
    {
        await JournalAsync(run, cancellationToken);
        if (run.NeedsSave)
        {
            run.CopyTally();
            await WriteAsync(cancellationToken);
            run.Saved();
        }
    }

    /// <summary>A checkpoint on the way out (the silo stopping); should it fail, the next activation fetches the unsaved failures again.</summary>
    public async Task TryCheckpointAsync(JobRun run, CancellationToken cancellationToken)
    {
        try
        {
            await CheckpointAsync(run, cancellationToken);
        }
        catch (Exception exception)
        {
            JobLog.CheckpointFailed(logger, exception, jobId);
        }
    }

    /// <summary>Saves the counts now (a new end of the source, say); should that fail, the next checkpoint does.</summary>
    public async Task TryNowAsync(JobRun run)
    {
        try
        {
            run.CopyTally();
            await WriteAsync(CancellationToken.None);
            run.Saved();
        }
        catch (Exception exception)
        {
            JobLog.FinishFailed(logger, exception, jobId);
        }
    }

    public async Task JournalAsync(JobRun run, CancellationToken cancellationToken)
    {
        var batch = run.Unjournaled.ToList();
        if (batch.Count > 0)
        {
            await journal.AppendAsync(jobId, state.State.Round, batch, cancellationToken);
            run.Journaled(batch.Count);
        }
    }

    /// <summary>Writes the state; a write another activation's got in before ends this activation (see the remarks).</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException)
        {
            JobLog.StateConflict(logger, jobId);
            onConflict();
            throw;
        }
    }
}
