using System.Diagnostics.CodeAnalysis;

namespace Ingestion.Grains.Pages;

/// <summary>
/// The page requests under way on this silo, and the silo's stop waiting for them: once <see cref="CloseAsync"/> has
/// begun, no new request starts (<see cref="Closing"/> ends the waits for a turn too), and the stop goes on when the
/// last one has ended or the limit has passed.
/// </summary>
/// <remarks>
/// The wait happens while every grain is still active, before Orleans deactivates them: a page whose request ends
/// stores and reports as usual, so it is not fetched again elsewhere. Waiting in a grain's deactivation instead would
/// hold the calls between a page and its job while both are being deactivated.
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "A CancellationTokenSource without a timer holds nothing to release, and pages may still read its token while the silo stops.")]
public sealed class PagesInFlight(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private int _count;

    /// <summary>Cancelled once the silo has begun to stop: a page waiting for its turn stops waiting.</summary>
    public CancellationToken Closing => _closing.Token;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Runs a page's request, counted; refused with <see cref="OperationCanceledException"/> once closing.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> request)
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new OperationCanceledException("The silo is stopping: the page is handed out again elsewhere.", _closing.Token);
            }

            _count++;
        }

        try
        {
            return await request();
        }
        finally
        {
            lock (_lock)
            {
                if (--_count == 0 && _closed)
                {
                    _allEnded.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// Starts no more requests and waits up to <paramref name="limit"/> for those under way to end. Returns how many
    /// were still under way when it stopped waiting.
    /// </summary>
    public async Task<int> CloseAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _closed = true;
            if (_count == 0)
            {
                _allEnded.TrySetResult();
            }
        }

        await _closing.CancelAsync();
        await _allEnded.Task.WaitAsync(limit, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Count;
    }
}
