using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Builds a manifest's <see cref="ManifestIndex"/> while the manifest is written (<see cref="ManifestStore.WriteAsync"/>):
/// told of each entry, in order, with where its bytes begin, it keeps a checkpoint every
/// <see cref="EntriesPerCheckpoint"/> entries and a running count per status. It holds only the checkpoints, so a
/// manifest of a million entries costs a few thousand numbers here.
/// </summary>
public sealed class ManifestIndexRecorder
{
    private readonly List<long> _offsets = [];
    private readonly List<int> _pages = [];
    private readonly SortedDictionary<PageStatus, StatusColumn> _columns = [];
    private int _entries;
    private long _lastOffset = -1;

    public ManifestIndexRecorder(int entriesPerCheckpoint = ManifestIndex.DefaultEntriesPerCheckpoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entriesPerCheckpoint, 1);
        EntriesPerCheckpoint = entriesPerCheckpoint;
    }

    public int EntriesPerCheckpoint { get; }

    /// <summary>
    /// The next entry, <paramref name="entry"/>, whose bytes begin at <paramref name="offset"/> in the manifest (just
    /// after the previous entry's). Called before the entry is written, so a checkpoint's counts are of the entries
    /// before it.
    /// </summary>
    public void Add(PageRecord entry, long offset)
    {
        if (offset <= _lastOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Entries are recorded in the order they are written.");
        }

        _lastOffset = offset;

        if (_entries % EntriesPerCheckpoint == 0)
        {
            _offsets.Add(offset);
            _pages.Add(entry.Page);
            foreach (var column in _columns.Values)
            {
                column.Before.Add(column.Count);
            }
        }

        if (!_columns.TryGetValue(entry.Status, out var counted))
        {
            // A status seen for the first time had no entries before any checkpoint so far (this one included).
            counted = new StatusColumn(_offsets.Count);
            _columns.Add(entry.Status, counted);
        }

        counted.Count++;
        _entries++;
    }

    /// <summary>The index of the entries recorded, for the manifest of <paramref name="jobId"/> committed with <paramref name="manifestETag"/>.</summary>
    public ManifestIndex ToIndex(Guid jobId, Azure.ETag manifestETag) => new()
    {
        Format = ManifestIndex.CurrentFormat,
        JobId = jobId,
        ManifestETag = manifestETag.ToString(),
        Entries = _entries,
        EntriesPerCheckpoint = EntriesPerCheckpoint,
        Offsets = [.. _offsets],
        Pages = [.. _pages],
        Statuses = [.. _columns.Select(column => new ManifestStatusCounts(column.Key, column.Value.Count, [.. column.Value.Before]))],
    };

    /// <summary>One status's count so far, and its count at each checkpoint passed.</summary>
    private sealed class StatusColumn(int checkpointsPassed)
    {
        public List<int> Before { get; } = [.. Enumerable.Repeat(0, checkpointsPassed)];

        public int Count { get; set; }
    }
}
