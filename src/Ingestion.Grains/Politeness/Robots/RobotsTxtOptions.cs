using System.ComponentModel.DataAnnotations;

namespace Ingestion.Politeness.Robots;

/// <summary>How robots.txt files are fetched and kept, for jobs that respect them; bound from <c>Ingestion:Robots</c>.</summary>
public sealed class RobotsTxtOptions
{
    public const string SectionName = "Ingestion:Robots";

    /// <summary>How long a host's robots.txt (or its absence, a 4xx) is used before it is fetched again. RFC 9309 asks for at most a day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After robots.txt could not be read (5xx, 429, a network error or a timeout), how long before it is tried again.
    /// Meanwhile the host's pages count as disallowed (their attempts fail and are retried), or, when an earlier copy
    /// was read, that copy stands.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan UnreachableRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a robots.txt fetch may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Crawl-delay honoured; a longer one is read as this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxCrawlDelay { get; set; } = TimeSpan.FromMinutes(1);
}
