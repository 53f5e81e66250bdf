using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing;

/// <summary>What <see cref="UpstreamServer"/> has been asked: counts, headers and how many requests overlapped.</summary>
internal sealed class UpstreamRecorder
{
    private readonly ConcurrentDictionary<int, int> _counts = new();
    private readonly ConcurrentDictionary<int, IReadOnlyDictionary<string, string>> _headers = new();
    private int _total;
    private int _current;
    private int _max;

    public int TotalRequests => Volatile.Read(ref _total);

    public int CurrentConcurrentRequests => Volatile.Read(ref _current);

    public int MaxConcurrentRequests => Volatile.Read(ref _max);

    /// <summary>Records a request arriving and returns its attempt number for the page, from 1.</summary>
    public int Begin(int page, IHeaderDictionary headers)
    {
        _headers[page] = headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Interlocked.Increment(ref _total);
        RaiseMax(Interlocked.Increment(ref _current));
        return _counts.AddOrUpdate(page, 1, (_, count) => count + 1);
    }

    /// <summary>Records a request finishing, however it ended.</summary>
    public void End() => Interlocked.Decrement(ref _current);

    public int RequestCount(int page) => _counts.TryGetValue(page, out var count) ? count : 0;

    public IReadOnlyDictionary<string, string>? LastRequestHeaders(int page) =>
        _headers.TryGetValue(page, out var headers) ? headers : null;

    /// <summary>Forgets counts and headers; requests still in flight stay counted as concurrent.</summary>
    public void Clear()
    {
        _counts.Clear();
        _headers.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _max, CurrentConcurrentRequests);
    }

    private void RaiseMax(int current)
    {
        var max = Volatile.Read(ref _max);
        while (current > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, current, max);
            if (seen == max)
            {
                return;
            }

            max = seen;
        }
    }
}
