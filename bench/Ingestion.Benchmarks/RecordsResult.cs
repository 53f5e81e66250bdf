namespace Ingestion.Benchmarks;

/// <summary>What a <see cref="RecordsScenario"/> measured: each round's A (records off) and B (records on), and C (many partitions).</summary>
public sealed record RecordsResult(RecordsScenario Scenario, IReadOnlyList<RecordsRun> Off, IReadOnlyList<RecordsRun> On, RecordsRun Wide)
{
    public static double Median(IEnumerable<double> values) => Benchmarks.Median.Of(values);
}
