using Ingestion.Pages;

namespace Ingestion.Grains.Pages;

/// <summary>
/// One line of reports from a page-fetch grain to its job: a page that ends while no report is on its way goes at once;
/// pages that end while one is go together in the next call, once it has been answered. Under load a report carries
/// several pages and the job takes them in one turn; at rest each page still goes at once.
/// </summary>
/// <remarks>
/// Not thread-safe: every call runs on the grain's turns. A report that fails is sent again, with what has ended since,
/// after a growing delay; most often the job's silo has died, and the report is what brings the job back on a live one.
/// </remarks>
public sealed class PageReports(Func<PageEnd[], Task> send, TimeProvider time, Action<Exception, int, int> failed, CancellationToken stopping)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly List<Pending> _pending = [];
    private bool _sending;

    /// <summary>
    /// Reports the page's end; completes once the job has taken it, or when <paramref name="withdrawn"/> says the page
    /// no longer wants it sent (cancelled) before it went, or the grain stops.
    /// </summary>
    public Task ReportAsync(PageEnd end, Func<bool> withdrawn)
    {
        var pending = new Pending(end, withdrawn, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending.Add(pending);
        if (!_sending)
        {
            _ = SendAllAsync();
        }

        return pending.Taken.Task;
    }

    private async Task SendAllAsync()
    {
        _sending = true;
        try
        {
            var batch = new List<Pending>();
            var attempt = 0;
            while (!stopping.IsCancellationRequested)
            {
                // What has ended since the last call joins the one that failed (if any); withdrawn pages drop out.
                batch.AddRange(_pending);
                _pending.Clear();
                batch.RemoveAll(pending => pending.Withdrawn() && pending.Taken.TrySetResult());
                if (batch.Count == 0)
                {
                    return;
                }

                try
                {
                    await send([.. batch.Select(pending => pending.End)]);
                    batch.ForEach(pending => pending.Taken.TrySetResult());
                    batch.Clear();
                    attempt = 0;
                }
                catch (Exception exception)
                {
                    attempt++;
                    failed(exception, batch[0].End.Record.Page, attempt);
                    var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 10)));
                    // Back on the grain's turns after the wait: the lists are not thread-safe.
                    await Task.Delay(delay, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
                }
            }

            // Stopping: the job's watchdog hands these pages out again.
            batch.AddRange(_pending);
            _pending.Clear();
            batch.ForEach(pending => pending.Taken.TrySetResult());
        }
        finally
        {
            _sending = false;
        }
    }

    private sealed record Pending(PageEnd End, Func<bool> Withdrawn, TaskCompletionSource Taken);
}
