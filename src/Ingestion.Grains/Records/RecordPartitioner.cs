using System.Globalization;
using System.Text.Json;
using Ingestion.Inspection;

namespace Ingestion.Records;

/// <summary>
/// The Hive-style partition a record belongs in, by a time it holds: <c>created_at_day=2024-06-01</c> for the pointer
/// <c>/created_at</c> by day, read as UTC. A record without that time (missing, null, or not an ISO-8601 date-time with
/// an offset) goes to <see cref="NullValue"/>, as DuckDB's and Spark's <c>hive_partitioning</c> read a folder of its own.
/// </summary>
public sealed class RecordPartitioner
{
    /// <summary>The partition value of records without the time.</summary>
    public const string NullValue = "__null__";

    private readonly string _pointer;
    private readonly PartitionGranularity _granularity;

    public RecordPartitioner(string timePointer, PartitionGranularity granularity)
    {
        _pointer = timePointer;
        _granularity = granularity;
        Column = $"{ColumnOf(timePointer)}_{granularity.ToString().ToLowerInvariant()}";
    }

    /// <summary>The partition column: the pointer's last segment, then the granularity (<c>created_at_day</c>).</summary>
    public string Column { get; }

    /// <summary>The partition's folder for <paramref name="record"/>: <c>created_at_day=2024-06-01</c>.</summary>
    public string FolderOf(JsonElement record) => $"{Column}={ValueOf(record)}";

    /// <summary>The partition value for <paramref name="record"/>, or <see cref="NullValue"/>.</summary>
    public string ValueOf(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object
            || JsonPointer.Evaluate(record, _pointer) is not { ValueKind: JsonValueKind.String } value
            || !TryInstant(value.GetString()!, out var instant))
        {
            return NullValue;
        }

        var utc = instant.UtcDateTime;
        return _granularity switch
        {
            PartitionGranularity.Hour => utc.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture),
            PartitionGranularity.Day => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// An instant (<see cref="Iso8601Instant"/>), or a date alone, taken as midnight UTC: a time without an offset would
    /// be read in no zone in particular, so it partitions as no time at all.
    /// </summary>
    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return Iso8601Instant.TryParse(text, out instant);
    }

    /// <summary>A pointer's last segment, unescaped (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>), as a column name.</summary>
    private static string ColumnOf(string timePointer)
    {
        var last = timePointer[(timePointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        var safe = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
        return safe.Length == 0 ? "partition" : safe;
    }
}
