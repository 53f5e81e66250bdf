namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// Counts events over the last second, in ten buckets of 100 ms: cheap enough to count every request. Not thread-safe;
/// its owner locks.
/// </summary>
internal sealed class TrailingSecondCounter
{
    private const int Buckets = 10;
    private static readonly long BucketTicks = TimeSpan.FromMilliseconds(100).Ticks;

    private readonly long[] _bucketOf = new long[Buckets];
    private readonly int[] _counts = new int[Buckets];

    public void Add(DateTimeOffset now)
    {
        var bucket = now.UtcTicks / BucketTicks;
        var slot = (int)(bucket % Buckets);
        if (_bucketOf[slot] != bucket)
        {
            _bucketOf[slot] = bucket;
            _counts[slot] = 0;
        }

        _counts[slot]++;
    }

    public int Count(DateTimeOffset now)
    {
        var current = now.UtcTicks / BucketTicks;
        var total = 0;
        for (var slot = 0; slot < Buckets; slot++)
        {
            if (current - _bucketOf[slot] < Buckets)
            {
                total += _counts[slot];
            }
        }

        return total;
    }
}
