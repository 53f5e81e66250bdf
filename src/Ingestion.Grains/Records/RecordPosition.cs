namespace Ingestion.Records;

/// <summary>Where a record stands in a job's records: its page, and its index among that page's records.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordPosition")]
public readonly record struct RecordPosition([property: Id(0)] int Page, [property: Id(1)] int Record) : IComparable<RecordPosition>
{
    /// <summary>The start of <paramref name="page"/>, before its first record.</summary>
    public static RecordPosition StartOf(int page) => new(page, 0);

    public int CompareTo(RecordPosition other) => Page != other.Page ? Page.CompareTo(other.Page) : Record.CompareTo(other.Record);

    public static bool operator <(RecordPosition left, RecordPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(RecordPosition left, RecordPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(RecordPosition left, RecordPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RecordPosition left, RecordPosition right) => left.CompareTo(right) >= 0;
}
