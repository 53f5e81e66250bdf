using System.Text.Json;

namespace Ingestion.Records;

/// <summary>
/// A record's JSON value as the value of a column of each <see cref="ColumnType"/>, by the rules the record's schema
/// widened by (<see cref="RecordSchema"/>): a double column holds integers, a string column holds anything (a JSON string
/// as itself, anything else as its JSON text), a JSON column holds anything as its JSON text, and a timestamp column
/// holds ISO-8601 instants, as UTC. A value the column cannot hold is a schema that did not widen as it should: it
/// throws, naming the column, rather than be written as something it is not.
/// </summary>
internal static class JsonColumnValues
{
    public static long ToInt64(JsonElement value, string column) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw Misfit(value, column, ColumnType.Int64);

    public static double ToDouble(JsonElement value, string column) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : throw Misfit(value, column, ColumnType.Double);

    public static bool ToBoolean(JsonElement value, string column) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Misfit(value, column, ColumnType.Boolean),
    };

    /// <summary>The instant a timestamp string stands for, as a UTC <see cref="DateTime"/> (what Parquet stores).</summary>
    public static DateTime ToTimestamp(JsonElement value, string column) =>
        value.ValueKind == JsonValueKind.String && Iso8601Instant.TryParse(value.GetString()!, out var instant)
            ? instant.UtcDateTime
            : throw Misfit(value, column, ColumnType.Timestamp);

    /// <summary>A string as itself; any other value as its JSON text, as a column that met several types holds it.</summary>
    public static string ToText(JsonElement value, string column) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Undefined or JsonValueKind.Null => throw Misfit(value, column, ColumnType.String),
        _ => value.GetRawText(),
    };

    /// <summary>Any value as its JSON text, as written in the record.</summary>
    public static string ToJsonText(JsonElement value, string column) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? throw Misfit(value, column, ColumnType.Json) : value.GetRawText();

    private static InvalidOperationException Misfit(JsonElement value, string column, ColumnType type) =>
        new($"Column '{column}' is {type} and cannot hold a {Kind(value)}: the record does not fit the file's schema.");

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number that is no 64-bit integer",
        JsonValueKind.String => RecordSchema.IsTimestamp(value.GetString()!) ? "timestamp string" : "string that is no ISO-8601 instant",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "missing value",
    };
}
