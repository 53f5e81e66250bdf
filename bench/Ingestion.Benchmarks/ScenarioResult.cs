namespace Ingestion.Benchmarks;

/// <summary>
/// What a scenario measured: its rounds, and the median of each figure over them (the ratios are the medians' ratios).
/// A figure is null where no round has it.
/// </summary>
public sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<ScenarioRound> Rounds)
{
    public bool HasBaseline => Rounds.All(round => round.Baseline is not null);

    public double? ServiceMedian(Func<RunResult, double?> figure) => Median.Of(Rounds.Select(round => figure(round.Service)));

    public double? BaselineMedian(Func<RunResult, double?> figure) =>
        HasBaseline ? Median.Of(Rounds.Select(round => figure(round.Baseline!))) : null;

    public double? SpeedRatio => ServiceMedian(run => run.PagesPerSecond) / BaselineMedian(run => run.PagesPerSecond);

    public double? CpuRatio => ServiceMedian(run => run.CpuMsPerPage) / BaselineMedian(run => run.CpuMsPerPage);
}
