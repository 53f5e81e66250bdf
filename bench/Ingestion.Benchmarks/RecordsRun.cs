namespace Ingestion.Benchmarks;

/// <summary>
/// One job of a <see cref="RecordsScenario"/>: pages/s over <see cref="Elapsed"/>, from the job's creation to its
/// completion (its last record files committed and its manifest written); <see cref="PagesEnded"/> from its creation to
/// its last page's end (the job's own <c>completedAt</c>), the difference being the wait for its records. The silo's CPU
/// time over the job and its peak RSS, and what the manifest says of the records; <see cref="Records"/> is null for a
/// job that writes none.
/// </summary>
public sealed record RecordsRun(
    string Label, int Pages, TimeSpan Elapsed, TimeSpan PagesEnded, TimeSpan SiloCpu, long? SiloPeakRssBytes, RecordsWritten? Records)
{
    public double PagesPerSecond => Pages / Elapsed.TotalSeconds;

    public double? RowsPerSecond => Records?.Rows / Elapsed.TotalSeconds;
}
