using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>One of a scenario's targets, what was measured against it, and whether it was met.</summary>
public sealed record TargetCheck(string Scenario, string Target, string Measured, bool Met)
{
    private const double MiB = 1024.0 * 1024;

    /// <summary>Every target of the scenario that this run measured (the ratios need the baseline's rounds).</summary>
    public static IEnumerable<TargetCheck> Of(ScenarioResult result)
    {
        var scenario = result.Scenario;
        var name = scenario.Name;
        var rounds = result.Rounds.Count;
        if (scenario.MinimumSpeedRatio is { } speed && result.SpeedRatio is { } speedRatio)
        {
            yield return new(name, Invariant($"pages/s ≥ {speed:F2} × baseline (medians of {rounds})"), Invariant($"{speedRatio:F2} ×"), speedRatio >= speed);
        }

        if (scenario.MaximumCpuRatio is { } cpu && result.CpuRatio is { } cpuRatio)
        {
            yield return new(name, Invariant($"CPU per page ≤ {cpu:F1} × baseline (medians of {rounds})"), Invariant($"{cpuRatio:F2} ×"), cpuRatio <= cpu);
        }

        var run = result.Rounds[0].Service;
        if (scenario.MaximumSiloPeakRssBytes is { } rss && run.PeakRssBytes is { } peak)
        {
            yield return new(name, Invariant($"silo peak RSS < {rss / MiB:N0} MiB"), Invariant($"{peak / MiB:N0} MiB"), peak < rss);
        }

        if (scenario.MaximumJobStateBytes is { } state && run.JobStateBytes is { } bytes)
        {
            yield return new(name, Invariant($"job state < {state / 1024:N0} KiB"), Invariant($"{bytes:N0} bytes"), bytes < state);
        }

        if (scenario.MaximumLastPagesListing is { } listing && run.LastPagesListing is { } listed)
        {
            yield return new(
                name,
                Invariant($"pages?skip={scenario.LastPagesSkip:N0}&take=100 < {listing.TotalSeconds:F0} s (median of 5)"),
                Invariant($"{listed.TotalMilliseconds:F0} ms"),
                listed < listing);
        }
    }

    public override string ToString() => $"{(Met ? "met" : "MISSED")}: {Scenario}, {Target}: {Measured}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
