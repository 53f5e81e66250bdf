using System.Collections.Concurrent;

namespace Ingestion.Grains.Pages;

/// <summary>
/// Grain references kept for their keys, at most <c>capacity</c> of them: once that many have been made, the lot is
/// dropped and the keys in use are made again. A reference costs more to make than it looks: Orleans builds a new proxy
/// each time, and the proxy builds a copier for every array its interface's methods take, through reflection; the page
/// path would pay that twice a page. A reference is immutable and safe to share, so any copy made in a race will do.
/// </summary>
/// <typeparam name="TKey">What tells the grains apart.</typeparam>
/// <typeparam name="TReference">The grain interface.</typeparam>
public sealed class RecentReferences<TKey, TReference>
    where TKey : notnull
    where TReference : class
{
    private readonly ConcurrentDictionary<TKey, TReference> _kept = new();
    private readonly int _capacity;
    private int _made;

    public RecentReferences(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many references are kept now: the capacity at most, but for references made at the same moment.</summary>
    public int Count => _kept.Count;

    /// <summary>The reference kept for <paramref name="key"/>, or the one <paramref name="make"/> makes for it (then kept).</summary>
    public TReference Get<TState>(TKey key, TState state, Func<TKey, TState, TReference> make)
    {
        if (_kept.TryGetValue(key, out var kept))
        {
            return kept;
        }

        var made = make(key, state);
        if (Interlocked.Increment(ref _made) > _capacity)
        {
            // Counting what was made, not asking the dictionary its count, which would take all its locks.
            _kept.Clear();
            Interlocked.Exchange(ref _made, 1);
        }

        return _kept.GetOrAdd(key, made);
    }
}
