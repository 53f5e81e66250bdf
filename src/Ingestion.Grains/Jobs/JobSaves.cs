using Ingestion.Jobs;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Saves a job's state: its counts at checkpoints (failures journaled first), its end as soon as it is found, and a
/// change of status. While a change of status is being saved, <see cref="Shown"/> holds the status before it, for the
/// view to show: a job is only ever shown in a state that has been saved.
/// </summary>
internal sealed class JobSaves(IPersistentState<JobState> state, UnstoredPageJournal journal, Guid jobId, ILogger logger)
{
    public (JobStatus Status, string? Error, DateTimeOffset? CompletedAt)? Shown { get; private set; }

    /// <summary>Saves a change of status with the counts so far; a save that fails undoes the change.</summary>
    public async Task StatusAsync(JobRun run, JobStatus status, string? error, DateTimeOffset? completedAt)
    {
        var job = state.State;
        var before = (job.Status, job.Error, job.CompletedAt);
        Shown = before;
        (job.Status, job.Error, job.CompletedAt) = (status, error, completedAt);
        run.CopyTally();
        try
        {
            await state.WriteStateAsync();
            run.Saved();
        }
        catch
        {
            (job.Status, job.Error, job.CompletedAt) = before;
            throw;
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
            await state.WriteStateAsync(cancellationToken);
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
            await state.WriteStateAsync();
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
}
