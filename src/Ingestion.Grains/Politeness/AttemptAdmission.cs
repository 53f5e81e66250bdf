using Ingestion.Grains;
using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;

namespace Ingestion.Politeness;

/// <summary>
/// Admits each attempt at a page once its host has a place for it: the page waits here, before the attempt, for an
/// <see cref="AttemptPermit"/>. The wait is no part of the attempt: it counts against neither the attempt's timeout nor
/// the page's attempts, and only the page's own cancellation ends it. For a job that respects robots.txt the host's
/// robots.txt is read first, so that its Crawl-delay already paces the wait.
/// </summary>
/// <remarks>Here because it joins both concerns: robots.txt (read ahead) and the host limits (the wait).</remarks>
public sealed class AttemptAdmission(SiloHostLimiter hostLimiter, RobotsTxtCache robots)
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

        var permit = new AttemptPermit(IHostGateGrain.KeyFor(target), await hostLimiter.AcquireAsync(target, cancellationToken));
        AttemptPermit.Current = permit;
        try
        {
            return await attempt();
        }
        finally
        {
            AttemptPermit.Current = null;
            permit.ReturnUnclaimed();
        }
    }
}
