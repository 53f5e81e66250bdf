using System.Collections.Concurrent;

namespace Ingestion.Testing;

/// <summary>
/// What <see cref="UpstreamServer"/> answers, page by page. Each page has a sequence of steps, each used for a
/// number of requests in the order they were scripted, then plain success; a callback, when set, is asked first.
/// Safe to change while requests are being served.
/// </summary>
internal sealed class UpstreamScript
{
    public const int Forever = int.MaxValue;

    private readonly ConcurrentDictionary<int, PageScript> _pages = new();
    private volatile Func<int, int, UpstreamResponse?>? _callback;

    public void SetCallback(Func<int, int, UpstreamResponse?>? callback) => _callback = callback;

    public void SetDelay(int page, TimeSpan delay) => Page(page).SetDelay(delay);

    public void Append(int page, UpstreamResponse response, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        Page(page).Append(response, times);
    }

    /// <summary>Decides the answer to the <paramref name="attempt"/>-th request (from 1) for a page.</summary>
    public (UpstreamResponse Response, TimeSpan PageDelay) Next(int page, int attempt)
    {
        var script = _pages.TryGetValue(page, out var found) ? found : null;
        var pageDelay = script?.Delay ?? TimeSpan.Zero;
        if (_callback?.Invoke(page, attempt) is { } scripted)
        {
            return (scripted, pageDelay);
        }

        return (script?.Next() ?? UpstreamResponse.Ok, pageDelay);
    }

    public void Clear()
    {
        _callback = null;
        _pages.Clear();
    }

    private PageScript Page(int page) => _pages.GetOrAdd(page, _ => new PageScript());

    private sealed class PageScript
    {
        private readonly Queue<Step> _steps = new();
        private readonly Lock _gate = new();
        private TimeSpan _delay;

        public TimeSpan Delay
        {
            get { lock (_gate) { return _delay; } }
        }

        public void SetDelay(TimeSpan delay)
        {
            lock (_gate)
            {
                _delay = delay;
            }
        }

        public void Append(UpstreamResponse response, int times)
        {
            lock (_gate)
            {
                _steps.Enqueue(new Step(response, times));
            }
        }

        public UpstreamResponse Next()
        {
            lock (_gate)
            {
                if (!_steps.TryPeek(out var step))
                {
                    return UpstreamResponse.Ok;
                }

                if (step.Remaining != Forever && --step.Remaining == 0)
                {
                    _steps.Dequeue();
                }

                return step.Response;
            }
        }
    }

    private sealed class Step(UpstreamResponse response, int remaining)
    {
        public UpstreamResponse Response { get; } = response;

        public int Remaining { get; set; } = remaining;
    }
}
