using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>One of a scenario's targets, what was measured against it, and whether it was met.</summary>
public sealed record TargetCheck(string Scenario, string Target, string Measured, bool Met)
{
    /// <summary>Every target of <paramref name="scenario"/> that this run measured.</summary>
    public static IEnumerable<TargetCheck> Of(Scenario scenario, RunResult service, RunResult? baseline)
    {
        if (scenario.MinimumRatio is { } ratio && baseline is not null)
        {
            var measured = service.PagesPerSecond / baseline.PagesPerSecond;
            yield return new(scenario.Name, Invariant($"pages/s ≥ {ratio:F1} × baseline"), Invariant($"{measured:F2}"), measured >= ratio);
        }

        if (scenario.MaximumSiloPeakRssBytes is { } rss && service.PeakRssBytes is { } peak)
        {
            yield return new(scenario.Name, Invariant($"silo peak RSS < {rss / (1024 * 1024):N0} MiB"), Invariant($"{peak / (1024 * 1024):N0} MiB"), peak < rss);
        }

        if (scenario.MaximumJobStateBytes is { } state && service.JobStateBytes is { } bytes)
        {
            yield return new(scenario.Name, Invariant($"job state < {state / 1024:N0} KiB"), Invariant($"{bytes:N0} bytes"), bytes < state);
        }
    }

    public override string ToString() => $"{(Met ? "met" : "MISSED")}: {Scenario}, {Target}: {Measured}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
