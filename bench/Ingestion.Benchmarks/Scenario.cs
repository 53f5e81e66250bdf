namespace Ingestion.Benchmarks;

/// <summary>
/// One benchmark case: how many pages of what size, how slow the upstream is, and how many at once; with
/// <see cref="UrlListInBlob"/> the job reads its URLs from a list blob (one per line) instead of a range. A
/// <see cref="Compared"/> scenario runs the service and the baseline in alternating rounds; the others run the service
/// alone, once, for its capacity figures. Targets, where a scenario has them, are checked after a run at the stated
/// sizes: the service's pages/s and CPU per page against the baseline's (medians of the rounds), and bounds on the silo's
/// peak memory, the job's persisted state and the time to list the job's last pages.
/// </summary>
public sealed record Scenario(string Name, int Pages, TimeSpan UpstreamDelay, int BodySize, int Concurrency)
{
    private const long OneGiB = 1024L * 1024 * 1024;
    private static readonly TimeSpan LatencyBoundDelay = TimeSpan.FromMilliseconds(50);

    public bool UrlListInBlob { get; init; }

    public bool Compared { get; init; }

    public ServiceHost Host { get; init; } = ServiceHost.Processes;

    /// <summary>
    /// Whether the pages' latencies are read back from the job's manifest; a million-page manifest is read for nothing
    /// else, so that scenario leaves it.
    /// </summary>
    public bool ReadsPageLatencies { get; init; } = true;

    /// <summary>
    /// Node's heap limit for the scenario's Azurite, in MiB, where node's default (about 4 GiB) may be too small: Azurite
    /// keeps every blob's metadata on its heap, and 100,000 of the service's page blobs take up to about 500 MiB of it.
    /// </summary>
    public int? AzuriteHeapMegabytes { get; init; }

    /// <summary>Whether to time <c>GET /api/jobs/{id}/pages?skip=...&amp;take=100</c> on the finished job, 1,000 pages from its end.</summary>
    public bool TimesLastPagesListing { get; init; }

    public double? MinimumSpeedRatio { get; init; }

    public double? MaximumCpuRatio { get; init; }

    public long? MaximumSiloPeakRssBytes { get; init; }

    public long? MaximumJobStateBytes { get; init; }

    public TimeSpan? MaximumLastPagesListing { get; init; }

    /// <summary>Where the listing of the job's last pages starts: 999,000 of a million.</summary>
    public int LastPagesSkip => Math.Max(0, Pages - 1_000);

    /// <summary>The same scenario at another size; its targets are for the stated size, so it has none.</summary>
    public Scenario WithPages(int pages) => this with
    {
        Name = $"{Name} ({pages:N0} pages)",
        Pages = pages,
        MinimumSpeedRatio = null,
        MaximumCpuRatio = null,
        MaximumSiloPeakRssBytes = null,
        MaximumJobStateBytes = null,
        MaximumLastPagesListing = null,
    };

    public static Scenario LatencyBound { get; } =
        new("latency-bound", 2_000, LatencyBoundDelay, 4 * 1024, 64) { Compared = true, MinimumSpeedRatio = 0.9, MaximumCpuRatio = 1.3 };

    public static Scenario OverheadBound { get; } =
        new("overhead-bound", 10_000, TimeSpan.Zero, 4 * 1024, 32) { Compared = true, MinimumSpeedRatio = 0.85, MaximumCpuRatio = 1.3 };

    /// <summary>Every scenario of a full run: the million-page job is left out (it takes a long while), and run on its own.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        LatencyBound,
        OverheadBound,
        new("scale", 100_000, TimeSpan.Zero, 4 * 1024, 64) { MaximumSiloPeakRssBytes = OneGiB, MaximumJobStateBytes = 64 * 1024 },
        new("url-list", 100_000, TimeSpan.Zero, 1024, 64) { UrlListInBlob = true, MaximumSiloPeakRssBytes = OneGiB, MaximumJobStateBytes = 64 * 1024 },
        AsAUserRunsIt(LatencyBound),
        AsAUserRunsIt(OverheadBound),
    ];

    /// <summary>
    /// One job of a million small pages: its pages/s, the silo's peak memory, the job's saved state, and how long the
    /// listing of its last pages takes. Its pages are small to keep Azurite, which holds every blob in memory, small.
    /// </summary>
    public static Scenario Million { get; } = new("million", 1_000_000, TimeSpan.Zero, 256, 64)
    {
        ReadsPageLatencies = false,
        TimesLastPagesListing = true,
        AzuriteHeapMegabytes = 10 * 1024,
        MaximumSiloPeakRssBytes = OneGiB,
        MaximumJobStateBytes = 64 * 1024,
        MaximumLastPagesListing = TimeSpan.FromSeconds(1),
    };

    /// <summary>Every kind of scenario, a tenth or less of the size: a quick check that the benchmark itself works.</summary>
    public static IReadOnlyList<Scenario> Smoke { get; } =
    [
        new("latency-bound (smoke)", 200, LatencyBoundDelay, 4 * 1024, 64) { Compared = true },
        new("overhead-bound (smoke)", 500, TimeSpan.Zero, 4 * 1024, 32) { Compared = true },
        new("url-list (smoke)", 500, TimeSpan.Zero, 1024, 32) { UrlListInBlob = true },
        new("million (smoke)", 2_000, TimeSpan.Zero, 256, 64) { ReadsPageLatencies = false, TimesLastPagesListing = true },
        new("apphost latency-bound (smoke)", 200, LatencyBoundDelay, 4 * 1024, 64) { Compared = true, Host = ServiceHost.AppHost },
    ];

    /// <summary>
    /// The scenario with the service started by the AppHost, its target on pages/s alone: its CPU includes the telemetry
    /// it sends the dashboard, which the baseline has none of.
    /// </summary>
    private static Scenario AsAUserRunsIt(Scenario scenario) =>
        scenario with { Name = $"apphost {scenario.Name}", Host = ServiceHost.AppHost, MaximumCpuRatio = null };
}
