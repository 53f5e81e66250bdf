namespace Ingestion.Jobs;

/// <summary>
/// How a job's pages stand; <see cref="Total"/> is the sum of the others. While <see cref="TotalKnown"/> is false the
/// source's end has not been found yet, and <see cref="Total"/> counts only the pages known so far. <see cref="Unchanged"/>
/// pages (a 304 to a conditional request) are not among the <see cref="Succeeded"/> ones, which were stored by this job.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageCounts")]
public sealed record PageCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Succeeded,
    [property: Id(2)] int Failed,
    [property: Id(3)] int InFlight,
    [property: Id(4)] int WaitingRetry,
    [property: Id(5)] int Pending,
    [property: Id(6)] int Cancelled = 0,
    [property: Id(7)] bool TotalKnown = true,
    [property: Id(8)] int Unchanged = 0);
