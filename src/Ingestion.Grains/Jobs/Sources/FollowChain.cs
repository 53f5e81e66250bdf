using System.Security.Cryptography;
using System.Text;
using Ingestion.Pages;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// The pages of a followed source as they become known: page n+1 is the one page n names. It refuses a next link the
/// chain has already visited (a loop) and a cursor that does not change, so that a misbehaving API ends the job with a
/// reason instead of keeping it busy for ever.
/// </summary>
internal sealed class FollowChain
{
    // 128 bits of each visited URL's SHA-256: enough to tell URLs apart, small enough for a million of them.
    private readonly HashSet<UInt128> _visited = [];
    private readonly Dictionary<int, string> _urls = [];

    public FollowChain(int frontier, string frontierUrl)
    {
        Frontier = frontier;
        _urls[frontier] = frontierUrl;
        _visited.Add(Fingerprint(frontierUrl));
    }

    /// <summary>The highest page whose URL is known.</summary>
    public int Frontier { get; private set; }

    /// <summary>Notes a page visited before (after a restart), so that a link back to it is seen as a loop.</summary>
    public void MarkVisited(string url) => _visited.Add(Fingerprint(url));

    /// <summary>The URL of a known page that has not been dispatched yet (dispatching it forgets it).</summary>
    public string TakeUrl(int page) =>
        _urls.Remove(page, out var url) ? url : throw new InvalidOperationException($"Page {page} of the chain is not known yet.");

    /// <summary>
    /// Applies what page <paramref name="findings"/>.Page named. Returns null when the chain goes on (or the findings
    /// were heard before), otherwise the reason it ends at that page.
    /// </summary>
    public string? Advance(PageFindings findings, string pageUrl, int cap)
    {
        var page = findings.Page;
        if (page != Frontier || _urls.ContainsKey(page + 1))
        {
            return null;
        }

        if (findings.NextUrl is not { } next)
        {
            var why = findings.Problem is { } problem ? $" ({problem})" : "";
            return $"Page {page} names no next page{why}: it is the last.";
        }

        if (page >= cap)
        {
            return $"maxPages ({cap}) reached: page {page} names a next page, which was not fetched.";
        }

        if (string.Equals(next, pageUrl, StringComparison.Ordinal))
        {
            return findings.Cursor is not null
                ? $"The cursor did not change after page {page} ('{findings.Cursor}'): stopped instead of fetching the same page again."
                : $"Page {page} names itself as the next page: stopped instead of fetching it again.";
        }

        if (!_visited.Add(Fingerprint(next)))
        {
            return $"Page {page} names {next} as the next page, which the chain has already fetched: stopped instead of looping.";
        }

        Frontier = page + 1;
        _urls[Frontier] = next;
        return null;
    }

    private static UInt128 Fingerprint(string url)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(url), hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }
}
