namespace Ingestion.Cli.Api;

/// <summary>
/// How many of a job's pages are in each state; <see cref="Total"/> is the sum of the others. While
/// <see cref="TotalKnown"/> is false the source's end is not found yet and <see cref="Total"/> counts the pages known so far.
/// </summary>
public sealed record PageCounts(
    int Total,
    int Succeeded,
    int Failed,
    int InFlight,
    int WaitingRetry,
    int Pending,
    int Cancelled,
    bool TotalKnown = true,
    int Unchanged = 0)
{
    /// <summary>Pages that will not change any more.</summary>
    public int Ended => Succeeded + Unchanged + Failed + Cancelled;
}
