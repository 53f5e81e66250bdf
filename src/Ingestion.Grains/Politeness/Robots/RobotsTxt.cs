using System.Globalization;

namespace Ingestion.Politeness.Robots;

/// <summary>
/// A parsed robots.txt (RFC 9309): its groups of user-agent lines and the Allow, Disallow (and Crawl-delay) lines that
/// follow them. Lines it does not know, and rules before any user-agent line, are ignored.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>What a crawler must read of a robots.txt at least (RFC 9309 §2.5); the rest may be ignored.</summary>
    public const int MaxBytes = 500 * 1024;

    private readonly List<Group> _groups;

    private RobotsTxt(List<Group> groups) => _groups = groups;

    public static RobotsTxt Parse(string content)
    {
        var groups = new List<Group>();
        Group? current = null;
        var readingAgents = false;
        foreach (var rawLine in content.TrimStart('\uFEFF').Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
        {
            var line = rawLine;
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
            {
                // Consecutive user-agent lines share one group; one after a rule starts the next.
                if (!readingAgents || current is null)
                {
                    current = new Group();
                    groups.Add(current);
                    readingAgents = true;
                }

                if (ProductToken(value) is { } agent)
                {
                    current.Agents.Add(agent);
                }
            }
            else if (key.Equals("allow", StringComparison.OrdinalIgnoreCase) || key.Equals("disallow", StringComparison.OrdinalIgnoreCase))
            {
                readingAgents = false;
                if (current is not null && value.Length > 0)
                {
                    current.Rules.Add(new RobotsPathRule(key.Equals("allow", StringComparison.OrdinalIgnoreCase), value));
                }
            }
            else if (key.Equals("crawl-delay", StringComparison.OrdinalIgnoreCase))
            {
                readingAgents = false;
                if (current is not null
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    && double.IsFinite(seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    current.CrawlDelay = TimeSpan.FromSeconds(seconds);
                }
            }
        }

        return new RobotsTxt(groups);
    }

    /// <summary>
    /// The rules for the crawler named <paramref name="productToken"/>: every group naming it (case-insensitively),
    /// combined; else every <c>*</c> group, combined; else none. The longest Crawl-delay among them applies.
    /// </summary>
    public RobotsCrawlerRules For(string productToken)
    {
        var matching = _groups.Where(group => group.Agents.Any(agent => agent.Equals(productToken, StringComparison.OrdinalIgnoreCase))).ToList();
        if (matching.Count == 0)
        {
            matching = [.. _groups.Where(group => group.Agents.Contains("*"))];
        }

        if (matching.Count == 0)
        {
            return RobotsCrawlerRules.AllowAll;
        }

        var crawlDelay = matching.Select(group => group.CrawlDelay).Max();
        return new RobotsCrawlerRules([.. matching.SelectMany(group => group.Rules)], crawlDelay);
    }

    /// <summary>The product token a user-agent line names: its leading letters, '_' and '-', or <c>*</c>.</summary>
    private static string? ProductToken(string value)
    {
        if (value.StartsWith('*'))
        {
            return "*";
        }

        var length = 0;
        while (length < value.Length && (char.IsAsciiLetter(value[length]) || value[length] is '_' or '-'))
        {
            length++;
        }

        return length == 0 ? null : value[..length];
    }

    private sealed class Group
    {
        public List<string> Agents { get; } = [];

        public List<RobotsPathRule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; set; }
    }
}
