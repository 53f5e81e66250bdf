namespace Ingestion.Benchmarks;

/// <summary>One round of a scenario: which side ran first, and what each measured (no baseline when it was skipped).</summary>
public sealed record ScenarioRound(int Number, bool BaselineFirst, RunResult Service, RunResult? Baseline)
{
    public double? SpeedRatio => Service.PagesPerSecond / Baseline?.PagesPerSecond;

    public double? CpuRatio => Service.CpuMsPerPage / Baseline?.CpuMsPerPage;
}
