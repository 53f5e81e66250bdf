namespace Ingestion.Testing;

/// <summary>What <see cref="PaginatedApi"/> was asked, in arrival order, and how many requests overlapped.</summary>
internal sealed class PaginatedApiRecorder
{
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _current;
    private int _max;

    public int TotalRequests
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    public int MaxConcurrentRequests
    {
        get
        {
            lock (_lock)
            {
                return _max;
            }
        }
    }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Records a request arriving with its path and query exactly as the client sent them.</summary>
    public void Begin(string pathAndQuery)
    {
        lock (_lock)
        {
            _log.Add(pathAndQuery);
            _counts[pathAndQuery] = _counts.GetValueOrDefault(pathAndQuery) + 1;
            _current++;
            _max = Math.Max(_max, _current);
        }
    }

    /// <summary>Records a request finishing, however it ended.</summary>
    public void End()
    {
        lock (_lock)
        {
            _current--;
        }
    }

    public int RequestCount(string pathAndQuery)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(pathAndQuery);
        }
    }
}
