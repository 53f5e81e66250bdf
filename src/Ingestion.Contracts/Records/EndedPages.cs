using System.Collections.Immutable;
using Ingestion.Pages;

namespace Ingestion.Records;

/// <summary>
/// A run of a job's pages that have all ended, as its records are folded from them: the status of each page from
/// <see cref="From"/> on, up to the first that has not ended (or a limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.EndedPages")]
public sealed record EndedPages
{
    /// <summary>The job's round (0, then one more for each retry of its failed pages).</summary>
    [Id(0)] public required int Round { get; init; }

    [Id(1)] public required int From { get; init; }

    [Id(2)] public required ImmutableArray<PageStatus> Statuses { get; init; }

    /// <summary>The round's last page, once every page of the round has ended and no other will come; null before.</summary>
    [Id(3)] public int? LastPage { get; init; }
}
