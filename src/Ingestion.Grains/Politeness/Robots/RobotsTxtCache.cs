using System.Collections.Concurrent;
using System.Text;
using Ingestion.Fetching;
using Ingestion.Grains;
using Ingestion.Politeness.HostLimits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Politeness.Robots;

/// <summary>
/// The robots.txt of each host this silo fetches from for jobs that respect it: fetched once through the page client
/// (so through the outbound guard, the redirect rules and the host's own limits) and kept for
/// <see cref="RobotsTxtOptions.CacheDuration"/>. As RFC 9309 §2.3.1 says: a 2xx is parsed; a 4xx (or a redirect
/// chain too long to follow) means there are no rules; a 5xx, a 429, a timeout or a network error means the file is
/// unreachable, and the host's pages count as disallowed until it can be read, which is tried again after
/// <see cref="RobotsTxtOptions.UnreachableRetryDelay"/> (a copy read before stands meanwhile).
/// </summary>
public sealed partial class RobotsTxtCache(
    IHttpClientFactory httpClientFactory,
    SiloHostLimiter hostLimiter,
    IOptions<RobotsTxtOptions> options,
    IOptions<FetchOptions> fetchOptions,
    TimeProvider timeProvider,
    ILogger<RobotsTxtCache> logger) : IDisposable
{
    private const int MaxHosts = 10_000;

    private readonly ConcurrentDictionary<string, HostRobots> _hosts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Throws <see cref="RobotsTxtRefusedException"/> unless the host's robots.txt allows <paramref name="url"/>.</summary>
    public async Task EnsureAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var authority = IHostGateGrain.KeyFor(url);
        var known = await GetAsync(url, authority, cancellationToken);
        if (known.Rules is not { } rules)
        {
            throw new RobotsTxtRefusedException(
                $"robots.txt could not be read ({known.Problem}); until it can, every page of the host counts as disallowed.",
                retryable: true);
        }

        if (rules.Decide(url) is { Allow: false } rule)
        {
            throw new RobotsTxtRefusedException(
                $"Disallowed by robots.txt ('{rule}' for {fetchOptions.Value.RobotsProductToken}).", retryable: false);
        }
    }

    /// <summary>
    /// Reads the host's robots.txt if it is not known yet, so that its Crawl-delay is in force before a page waits for
    /// its turn. What it says is left to <see cref="EnsureAllowedAsync"/>.
    /// </summary>
    public async Task ReadAheadAsync(Uri url, CancellationToken cancellationToken) =>
        await GetAsync(url, IHostGateGrain.KeyFor(url), cancellationToken);

    /// <summary>Stops fetches under way; the token source stays undisposed, as they may still be looking at it.</summary>
    public void Dispose() => _stopping.Cancel();

    private async Task<KnownRobots> GetAsync(Uri url, string authority, CancellationToken cancellationToken)
    {
        var host = _hosts.GetOrAdd(authority, _ => new HostRobots());
        Task refresh;
        lock (host)
        {
            if (host.Known is { } known && timeProvider.GetUtcNow() < host.ExpiresAt)
            {
                return known;
            }

            // One fetch per host however many pages ask, run off the asking grain's scheduler.
            host.Refresh ??= Task.Run(() => RefreshAsync(host, url, authority), CancellationToken.None);
            refresh = host.Refresh;
        }

        if (_hosts.Count > MaxHosts)
        {
            ForgetExpired();
        }

        await refresh.WaitAsync(cancellationToken);
        lock (host)
        {
            return host.Known!;
        }
    }

    private async Task RefreshAsync(HostRobots host, Uri pageUrl, string authority)
    {
        var settings = options.Value;
        KnownRobots fetched;
        try
        {
            fetched = await FetchAsync(pageUrl);
        }
        catch (Exception exception)
        {
            fetched = new KnownRobots(null, $"an error: {exception.Message}");
        }

        lock (host)
        {
            var now = timeProvider.GetUtcNow();
            if (fetched.Rules is not null)
            {
                host.Known = fetched;
                host.ExpiresAt = now + settings.CacheDuration;
            }
            else
            {
                // Unreachable: a copy read before stands (RFC 9309 allows it); without one, everything is disallowed.
                host.Known = host.Known?.Rules is not null ? host.Known : fetched;
                host.ExpiresAt = now + settings.UnreachableRetryDelay;
                LogUnreachable(authority, fetched.Problem);
            }

            host.Refresh = null;
        }

        if (fetched.Rules is { } rules)
        {
            var delay = rules.CrawlDelay is { } asked && asked > settings.MaxCrawlDelay ? settings.MaxCrawlDelay : rules.CrawlDelay;
            hostLimiter.SetCrawlDelay(authority, delay);
        }
    }

    private async Task<KnownRobots> FetchAsync(Uri pageUrl)
    {
        var robotsUrl = new Uri(pageUrl, "/robots.txt");
        using var timeout = new CancellationTokenSource(options.Value.FetchTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, robotsUrl);
        request.Headers.TryAddWithoutValidation("User-Agent", fetchOptions.Value.UserAgent);
        try
        {
            var client = httpClientFactory.CreateClient(PageFetcher.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var text = await ReadAtMostAsync(response.Content, RobotsTxt.MaxBytes, linked.Token);
                return new KnownRobots(RobotsTxt.Parse(text).For(fetchOptions.Value.RobotsProductToken), null);
            }

            return status is (>= 300 and < 500) and not 429
                ? new KnownRobots(RobotsCrawlerRules.AllowAll, null)
                : new KnownRobots(null, $"HTTP {status}");
        }
        catch (Exception exception) when (DestinationRefusedException.FindIn(exception) is not null)
        {
            // Too many redirects, or one to where the service may not go: as good as no robots.txt. (A page on a host
            // the service may not reach is refused on its own request.)
            return new KnownRobots(RobotsCrawlerRules.AllowAll, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new KnownRobots(null, $"no answer within {options.Value.FetchTimeout.TotalSeconds:0} s");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return new KnownRobots(null, exception.Message);
        }
    }

    /// <summary>The file as UTF-8 text, up to <paramref name="maxBytes"/>: what lies beyond is not read.</summary>
    private static async Task<string> ReadAtMostAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes];
        var length = 0;
        int read;
        while (length < maxBytes && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private void ForgetExpired()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (authority, host) in _hosts)
        {
            lock (host)
            {
                if (host.Refresh is null && now >= host.ExpiresAt)
                {
                    _hosts.TryRemove(KeyValuePair.Create(authority, host));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "robots.txt of {Host} could not be read ({Problem}); tried again shortly")]
    private partial void LogUnreachable(string host, string? problem);

    /// <summary>A host's robots.txt as last fetched: its rules, or why it could not be read.</summary>
    private sealed record KnownRobots(RobotsCrawlerRules? Rules, string? Problem);

    private sealed class HostRobots
    {
        public KnownRobots? Known { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }

        public Task? Refresh { get; set; }
    }
}
