namespace Ingestion.Records;

/// <summary>
/// The bodies of stored pages that their fetch grains handed over, kept until they are folded, up to a number of bytes:
/// past that an offer is dropped, and that page is read back from storage when its turn comes.
/// </summary>
public sealed class OfferedPages(long capacityBytes)
{
    private readonly Dictionary<int, OfferedPage> _pages = [];

    public long Bytes { get; private set; }

    public int Count => _pages.Count;

    /// <summary>Keeps <paramref name="page"/>'s body if it fits (a later offer of the same page replaces the earlier).</summary>
    public bool Add(OfferedPage page)
    {
        Take(page.Page);
        if (Bytes + page.Body.Length > capacityBytes)
        {
            return false;
        }

        _pages[page.Page] = page;
        Bytes += page.Body.Length;
        return true;
    }

    /// <summary>The body of <paramref name="page"/>, no longer kept; null when it was not offered (or did not fit).</summary>
    public OfferedPage? Take(int page)
    {
        if (!_pages.Remove(page, out var offered))
        {
            return null;
        }

        Bytes -= offered.Body.Length;
        return offered;
    }

    /// <summary>Drops the bodies of pages before <paramref name="page"/>: folded already, from storage.</summary>
    public void DropBefore(int page)
    {
        foreach (var stale in _pages.Keys.Where(offered => offered < page).ToList())
        {
            Take(stale);
        }
    }
}
