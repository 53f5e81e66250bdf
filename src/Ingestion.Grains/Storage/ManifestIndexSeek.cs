using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Where in a manifest a slice of its entries lies, from its <see cref="ManifestIndex"/>: the slice's first match lies
/// at or after the last checkpoint with no more matches before it than the slice skips, and its last match before the
/// first checkpoint with at least as many matches before it as the slice ends at. Without a status every entry
/// matches, so the first is simply checkpoint <c>skip / EntriesPerCheckpoint</c>.
/// </summary>
public static class ManifestIndexSeek
{
    /// <summary>
    /// The stretch to read for the <paramref name="take"/> entries in <paramref name="status"/> (any, for null) after
    /// the first <paramref name="skip"/>, with how many match in all.
    /// </summary>
    public static ManifestSeek Of(ManifestIndex index, PageStatus? status, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var total = index.TotalOf(status);
        if (skip >= total || take == 0)
        {
            return new ManifestSeek(total, null);
        }

        var first = LastCheckpointWithAtMost(index, status, skip);
        var end = FirstCheckpointWithAtLeast(index, status, (long)skip + take);
        return new ManifestSeek(
            total,
            new ManifestStretch(
                index.Offsets[first],
                end < index.Checkpoints ? index.Offsets[end] : null,
                index.Pages[first],
                skip - index.CountBefore(first, status)));
    }

    /// <summary>The last checkpoint with at most <paramref name="count"/> matches before it (checkpoint 0 has none).</summary>
    private static int LastCheckpointWithAtMost(ManifestIndex index, PageStatus? status, long count) =>
        FirstCheckpointWithAtLeast(index, status, count + 1) - 1;

    /// <summary>
    /// The first checkpoint with at least <paramref name="count"/> matches before it, or the number of checkpoints when
    /// none has: a binary search, as the counts only grow from one checkpoint to the next.
    /// </summary>
    private static int FirstCheckpointWithAtLeast(ManifestIndex index, PageStatus? status, long count)
    {
        var low = 0;
        var high = index.Checkpoints;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (index.CountBefore(middle, status) >= count)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
