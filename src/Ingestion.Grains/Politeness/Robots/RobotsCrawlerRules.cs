namespace Ingestion.Politeness.Robots;

/// <summary>What one robots.txt asks of one crawler: its group's rules (or the <c>*</c> group's) and its Crawl-delay.</summary>
public sealed class RobotsCrawlerRules(IReadOnlyList<RobotsPathRule> rules, TimeSpan? crawlDelay)
{
    /// <summary>No rules: everything may be fetched (no robots.txt, or a 4xx for it).</summary>
    public static RobotsCrawlerRules AllowAll { get; } = new([], null);

    public IReadOnlyList<RobotsPathRule> Rules { get; } = rules;

    /// <summary>The time the crawler should leave between requests, if the group says.</summary>
    public TimeSpan? CrawlDelay { get; } = crawlDelay;

    public bool IsAllowed(Uri url) => Decide(url) is not { Allow: false };

    /// <summary>
    /// The rule that decides <paramref name="url"/>: the most specific one that matches, Allow winning a tie; null when
    /// none matches, which allows it. <c>/robots.txt</c> itself is always allowed.
    /// </summary>
    public RobotsPathRule? Decide(Uri url)
    {
        var path = RobotsPathRule.Normalize(url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString);
        if (path.Length == 0)
        {
            path = "/";
        }

        if (path == "/robots.txt")
        {
            return null;
        }

        RobotsPathRule? decision = null;
        foreach (var rule in Rules)
        {
            if (rule.Matches(path)
                && (decision is null
                    || rule.Specificity > decision.Specificity
                    || (rule.Specificity == decision.Specificity && rule.Allow && !decision.Allow)))
            {
                decision = rule;
            }
        }

        return decision;
    }
}
