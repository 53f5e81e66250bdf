namespace Ingestion.Grains.Jobs;

/// <summary>
/// A job's own cap on requests per second to any one host (<c>politeness.maxRequestsPerSecond</c>): each page handed out
/// gets the earliest time its request may go out, spaced evenly per host, so that pages of other hosts are not held up.
/// </summary>
internal sealed class HostPacing(double requestsPerSecond)
{
    // A host whose slots are all in the past needs no entry: forgetting it keeps a list of many hosts small.
    private const int PruneAbove = 1024;

    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / requestsPerSecond);
    private readonly Dictionary<string, DateTimeOffset> _nextByHost = new(StringComparer.Ordinal);

    /// <summary>The pacing a job's politeness asks for, or null when it asks for none.</summary>
    public static HostPacing? For(Ingestion.Jobs.PolitenessSpec politeness) =>
        politeness.MaxRequestsPerSecond is { } rate ? new HostPacing(rate) : null;

    /// <summary>When the request for <paramref name="url"/> may go out: null for now, or a time to wait for.</summary>
    public DateTimeOffset? NotBefore(string url, DateTimeOffset now)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? IHostGateGrain.KeyFor(parsed) : url;
        if (_nextByHost.Count > PruneAbove)
        {
            foreach (var idle in _nextByHost.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList())
            {
                _nextByHost.Remove(idle);
            }
        }

        var slot = _nextByHost.TryGetValue(host, out var next) && next > now ? next : now;
        _nextByHost[host] = slot + _interval;
        return slot > now ? slot : null;
    }
}
