using Ingestion.Pages;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The records of a job's stored pages as they were reported (or read back while resuming), kept in memory up to a
/// limit so that the job's listing and manifest need not list its blobs. Past the limit every record is let go and the
/// blobs are listed instead, so memory stays bounded however many pages a job has.
/// </summary>
internal sealed class StoredPageRecords(int limit)
{
    private Dictionary<int, PageRecord>? _records = limit > 0 ? [] : null;

    /// <summary>How many records are kept.</summary>
    public int Count => _records?.Count ?? 0;

    /// <summary>Keeps a stored page's record, unless the limit has been passed (then none are kept from now on).</summary>
    public void Keep(PageRecord page)
    {
        if (_records is null)
        {
            return;
        }

        _records[page.Page] = page;
        if (_records.Count > limit)
        {
            _records = null;
        }
    }

    /// <summary>
    /// The records by page, when one is kept for each of the <paramref name="stored"/> pages the job counts as stored;
    /// else null. A reader holds on to them even if they are let go meanwhile (<see cref="Release"/>).
    /// </summary>
    public IReadOnlyDictionary<int, PageRecord>? Covering(int stored) => _records?.Count == stored ? _records : null;

    /// <summary>The job has ended and its manifest holds the records: they are let go, as none will be asked for again.</summary>
    public void Release() => _records = null;
}
