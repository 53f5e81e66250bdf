namespace Ingestion.Politeness;

/// <summary>
/// Where a page waits for its host before each attempt. The wait is no part of the attempt: it counts against neither
/// the attempt's timeout nor the page's attempts, and only the page's own cancellation ends it. For a job that
/// respects robots.txt the host's robots.txt is read first, so that its Crawl-delay already paces the wait.
/// </summary>
public sealed class HostTurns(HostLimiter hostLimiter, RobotsTxtCache robots)
{
    /// <summary>Runs <paramref name="attempt"/> once the host of <paramref name="url"/> has a place for it.</summary>
    public async Task<T> RunAsync<T>(string url, bool respectRobotsTxt, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            // Not a URL the page client sends: the attempt fails on its own.
            return await attempt();
        }

        if (respectRobotsTxt)
        {
            await robots.ReadAheadAsync(target, cancellationToken);
        }

        var turn = new HostTurn(Grains.IHostGateGrain.KeyFor(target), await hostLimiter.AcquireAsync(target, cancellationToken));
        HostTurn.Current = turn;
        try
        {
            return await attempt();
        }
        finally
        {
            HostTurn.Current = null;
            turn.ReturnUnclaimed();
        }
    }
}
