using Ingestion.Pages;

namespace Ingestion.Grains.Pages;

/// <summary>
/// One line of reports from this silo to one job: the pages of every page-fetch grain of the job on this silo that end
/// within <c>gather</c> of each other, or while a report is on its way, go together in one call. Under load a report
/// carries several pages, the job takes them in one turn and hands their successors out in one call; at rest a page
/// waits <c>gather</c> at most.
/// </summary>
/// <remarks>
/// Thread-safe: pages report from their grains' turns, and the line sends from the thread pool, never on a grain's turn,
/// so that no grain's activation carries (or waits for) another's pages. A report that fails is sent again, with what
/// has ended since, after a growing delay; most often the job's silo has died, and the report is what brings the job
/// back on a live one.
/// </remarks>
public sealed class PageReports(
    Func<PageEnd[], Task> send, TimeProvider time, TimeSpan gather, Action<Exception, int, int> failed, Action<PageReports> idle)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly List<Pending> _pending = [];
    private bool _sending;

    // After a report failed and until one is taken: a page's wait ends as soon as its grain stops, not at the next try.
    private bool _failing;

    /// <summary>
    /// Reports the page's end; completes once the job has taken it, or when <paramref name="withdrawn"/> says the page
    /// no longer wants it sent (cancelled) before it went, or once <paramref name="stopping"/> (its grain's) is cancelled
    /// before it went.
    /// </summary>
    public Task ReportAsync(PageEnd end, Func<bool> withdrawn, CancellationToken stopping)
    {
        var pending = new Pending(end, withdrawn, stopping);
        bool start;
        lock (_lock)
        {
            _pending.Add(pending);
            if (_failing)
            {
                pending.EndOnStop();
            }

            start = !_sending;
            _sending = true;
        }

        if (start)
        {
            // Not in the reporting page's trace (the report carries other pages too), and not on its grain's turns.
            using (ExecutionContext.SuppressFlow())
            {
                _ = SendAllAsync();
            }
        }

        return pending.Taken.Task;
    }

    private async Task SendAllAsync()
    {
        var batch = new List<Pending>();
        var attempt = 0;
        while (true)
        {
            // Off the grain's turns before anything else; then let the pages that end meanwhile join this report.
            await (gather > TimeSpan.Zero ? Task.Delay(gather, time) : Task.CompletedTask)
                .ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            lock (_lock)
            {
                // What has ended since the last call joins the one that failed (if any); withdrawn pages, and those of
                // grains that stopped (their job's watchdog hands them out again), drop out.
                batch.AddRange(_pending);
                _pending.Clear();
                batch.RemoveAll(pending => pending.Dropped());
                if (batch.Count == 0)
                {
                    _sending = false;
                    _failing = false;
                    break;
                }
            }

            try
            {
                await send([.. batch.Select(pending => pending.End)]).ConfigureAwait(false);
                batch.ForEach(pending => pending.Taken.TrySetResult());
                batch.Clear();
                attempt = 0;
                lock (_lock)
                {
                    _failing = false;
                }
            }
            catch (Exception exception)
            {
                attempt++;
                failed(exception, batch[0].End.Record.Page, attempt);
                lock (_lock)
                {
                    _failing = true;
                    batch.ForEach(pending => pending.EndOnStop());
                    _pending.ForEach(pending => pending.EndOnStop());
                }

                var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 10)));
                await Task.Delay(delay, time).ConfigureAwait(false);
            }
        }

        idle(this);
    }

    private sealed class Pending(PageEnd end, Func<bool> withdrawn, CancellationToken stopping)
    {
        private bool _endsOnStop;

        public PageEnd End => end;

        public TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Withdrawn, or its grain stopped, or its wait already ended: its wait ends, and it is not sent.</summary>
        public bool Dropped()
        {
            if (!withdrawn() && !stopping.IsCancellationRequested && !Taken.Task.IsCompleted)
            {
                return false;
            }

            Taken.TrySetResult();
            return true;
        }

        /// <summary>Ends the page's wait when its grain stops (only while reports fail: the registration outlives it).</summary>
        public void EndOnStop()
        {
            if (!_endsOnStop)
            {
                _endsOnStop = true;
                stopping.UnsafeRegister(static state => ((Pending)state!).Taken.TrySetResult(), this);
            }
        }
    }
}
