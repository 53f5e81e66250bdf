using Ingestion.Jobs;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// A replacing job's removal of the previous jobs' blobs under its prefix, a step (a listing page) per timer tick, so
/// that the job answers its calls meanwhile, however many blobs there are. Each job whose blobs it removes is told it is
/// superseded; those that cannot be told at once are told at a later step. Pages go out only once the prefix is clear.
/// </summary>
internal sealed class PrefixClearing(
    IGrainBase grain, PrefixClearer clearer, IPersistentState<JobState> state, JobSaves saves, JobPeers peers, Guid jobId, ILogger logger)
{
    private static readonly TimeSpan StepPause = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<Guid> _toTell = [];
    private IGrainTimer? _timer;
    private string? _continuation;
    private int _removed;

    /// <summary>Starts (or goes on) clearing; <paramref name="cleared"/> runs once the prefix is clear.</summary>
    /// <param name="previous">The prefix's previous owner, to tell it is superseded even if it left no blobs.</param>
    public void Start(Guid? previous, Func<Task> cleared)
    {
        if (previous is { } job)
        {
            _toTell.Add(job);
        }

        _timer ??= grain.RegisterGrainTimer(
            async cancellationToken =>
            {
                if (await TryStepAsync(cancellationToken))
                {
                    _timer?.Dispose();
                    _timer = null;
                    await cleared();
                }
            },
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = StepPause, KeepAlive = true });
    }

    /// <summary>One step; true once the prefix is clear and that is saved.</summary>
    private async Task<bool> TryStepAsync(CancellationToken cancellationToken)
    {
        var destination = state.State.Destination ?? state.State.Spec!.Destination;
        try
        {
            var step = await clearer.ClearStepAsync(destination, jobId, _continuation, cancellationToken);
            _removed += step.Deleted;
            _toTell.UnionWith(step.Owners);
            if (_toTell.Count > 0 && await peers.TryMarkSupersededAsync(_toTell))
            {
                _toTell.Clear();
            }

            _continuation = step.Next;
            if (step.Next is not null)
            {
                return false;
            }

            if (state.State.Clearing)
            {
                state.State.Clearing = false;
                await saves.WriteAsync(cancellationToken);
            }
        }
        catch (Exception exception)
        {
            // Storage is down: the next tick tries again (a clear that was not saved clears nothing more after a restart).
            JobLog.ClearingFailed(logger, exception, jobId);
            return false;
        }

        JobLog.Cleared(logger, jobId, _removed, destination.Container, destination.Prefix);
        return true;
    }
}
