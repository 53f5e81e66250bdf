namespace Ingestion.Benchmarks;

/// <summary>
/// One job of a <see cref="RecordsScenario"/>, on its own silo: pages/s from the job's creation to its completion (its
/// manifest written, so its last record files committed), the silo's CPU time over that job and its peak RSS, and what
/// the manifest says of the records; <see cref="Records"/> is null for a job that writes none.
/// </summary>
public sealed record RecordsRun(string Label, int Pages, TimeSpan Elapsed, TimeSpan SiloCpu, long? SiloPeakRssBytes, RecordsWritten? Records)
{
    public double PagesPerSecond => Pages / Elapsed.TotalSeconds;

    public double? RowsPerSecond => Records?.Rows / Elapsed.TotalSeconds;
}
