namespace Ingestion.Records;

/// <summary>Where a record came from, written with it when the job's records ask for lineage.</summary>
public readonly record struct RecordLineage(Guid JobId, int Page, DateTimeOffset? FetchedAt)
{
    public const string JobIdColumn = "_job_id";
    public const string PageColumn = "_page";
    public const string FetchedAtColumn = "_fetched_at";

    /// <summary>The lineage columns, in the order they follow a record's own: a record field of one of these names gives way to it.</summary>
    public static IReadOnlyList<string> Columns { get; } = [JobIdColumn, PageColumn, FetchedAtColumn];

    public static bool IsColumn(string name) => name is JobIdColumn or PageColumn or FetchedAtColumn;
}
