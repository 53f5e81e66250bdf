using System.ComponentModel.DataAnnotations;

namespace Ingestion.Fetching;

/// <summary>How the silo fetches pages; bound from <c>Ingestion:Fetch</c> and validated at start-up.</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Ingestion:Fetch";

    /// <summary>A page larger than this is aborted while streaming and fails for good.</summary>
    [Range(1, long.MaxValue)]
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Sent with every request unless the job sets its own. Its first word (up to a '/' or a space) is also the name the
    /// service goes by in robots.txt, so it must be a product token: letters, '_' and '-'.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z_-]+(?:[/ ].*)?$", ErrorMessage = "UserAgent must start with a product token (letters, '_' and '-'), e.g. 'OrleansIngestion/1.0'.")]
    public string UserAgent { get; set; } = "OrleansIngestion/1.0";

    /// <summary>
    /// Pages up to this size go to storage in one request; larger ones in blocks of this size.
    /// It also bounds the memory one page in flight holds.
    /// </summary>
    [Range(64 * 1024, 100 * 1024 * 1024)]
    public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Requests in flight from this silo at once, all hosts and jobs together: it keeps many jobs at once from
    /// exhausting the silo's sockets and memory. Well above what one job asks for, so it never slows a single job.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxInFlightRequestsPerSilo { get; set; } = 512;

    /// <summary>
    /// When the silo stops (a redeploy, a scale-in, SIGTERM), how long it lets the page requests under way end, and
    /// their pages be stored and reported, before it cancels the rest; a page that ends in time is not fetched again
    /// elsewhere. No new request starts meanwhile. Zero cancels at once. Well within the host's 30 s to stop.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:25")]
    public TimeSpan DrainOnStop { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name the service goes by in robots.txt: <see cref="UserAgent"/> up to its first '/' or space.</summary>
    public string RobotsProductToken => UserAgent.Split('/', ' ')[0];
}
