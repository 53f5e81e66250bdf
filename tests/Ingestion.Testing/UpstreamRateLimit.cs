using System.Diagnostics;

namespace Ingestion.Testing;

/// <summary>
/// A sliding one-second window for <see cref="UpstreamServer.RateLimit"/>: a request is accepted while fewer than the
/// limit were accepted in the second before it, else throttled. Only accepted requests count, as with most real
/// limiters, so a client that sends too fast still gets the limit's worth through. Thread-safe.
/// </summary>
internal sealed class UpstreamRateLimit(int requestsPerSecond, TimeSpan? retryAfter)
{
    private readonly Lock _lock = new();
    private readonly Queue<long> _window = new();
    private readonly List<TimeSpan> _accepted = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _throttled;

    public int RequestsPerSecond { get; } = requestsPerSecond;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public int Throttled
    {
        get { lock (_lock) { return _throttled; } }
    }

    /// <summary>When each accepted request came, from when the limit was set.</summary>
    public IReadOnlyList<TimeSpan> Accepted
    {
        get { lock (_lock) { return [.. _accepted]; } }
    }

    public bool TryAccept()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            while (_window.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest, now) >= TimeSpan.FromSeconds(1))
            {
                _window.Dequeue();
            }

            if (_window.Count >= RequestsPerSecond)
            {
                _throttled++;
                return false;
            }

            _window.Enqueue(now);
            _accepted.Add(Stopwatch.GetElapsedTime(_started, now));
            return true;
        }
    }
}
