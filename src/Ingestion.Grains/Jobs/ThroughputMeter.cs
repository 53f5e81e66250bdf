namespace Ingestion.Grains.Jobs;

/// <summary>
/// Pages and bytes ended per second over a sliding minute, kept in one-second buckets so that memory stays fixed
/// however many pages a job has.
/// </summary>
internal sealed class ThroughputMeter(TimeProvider timeProvider)
{
    private const int WindowSeconds = 60;

    private readonly long[] _pages = new long[WindowSeconds];
    private readonly long[] _bytes = new long[WindowSeconds];
    private readonly long[] _second = new long[WindowSeconds];
    private readonly long _startedAt = timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public void Record(long bytes)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(now % WindowSeconds);
        if (_second[slot] != now)
        {
            _second[slot] = now;
            _pages[slot] = 0;
            _bytes[slot] = 0;
        }

        _pages[slot]++;
        _bytes[slot] += bytes;
    }

    /// <summary>The rates over the last minute, or over the time since the meter started when that is shorter.</summary>
    public (double PagesPerSecond, double BytesPerSecond) Rates()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        long pages = 0, bytes = 0;
        for (var slot = 0; slot < WindowSeconds; slot++)
        {
            // The current second is still filling: it counts, and so does the window's full width behind it.
            if (_second[slot] > now - WindowSeconds && _second[slot] <= now)
            {
                pages += _pages[slot];
                bytes += _bytes[slot];
            }
        }

        var seconds = Math.Clamp(now - _startedAt + 1, 1, WindowSeconds);
        return ((double)pages / seconds, (double)bytes / seconds);
    }
}
