using System.Collections.Immutable;
using System.Text.Json;

namespace Ingestion.Records;

/// <summary>
/// The columns of the records seen so far, in the order their fields first appeared, with the type their values agree
/// on. A record can widen it: a new field adds a column; an integer column that meets a fraction becomes a double; any
/// other disagreement makes the column a string, with a warning. A record that is not an object is one
/// <see cref="ValueColumn"/>.
/// </summary>
public sealed class RecordSchema
{
    /// <summary>The column of a record that is not an object.</summary>
    public const string ValueColumn = "_value";

    // The columns by name, made on first use: the schema is immutable.
    private Dictionary<string, int>? _index;

    private RecordSchema(ImmutableArray<RecordColumn> columns) => Columns = columns;

    public static RecordSchema Empty { get; } = new([]);

    /// <summary>The schema of <paramref name="columns"/>, as a checkpoint kept them.</summary>
    public static RecordSchema Of(IEnumerable<RecordColumn> columns) => new([.. columns]);

    public ImmutableArray<RecordColumn> Columns { get; }

    /// <summary>
    /// This schema widened to hold <paramref name="record"/> (itself when it already does), and the warnings of the
    /// columns that became strings.
    /// </summary>
    public (RecordSchema Schema, IReadOnlyList<string> Warnings) Observe(JsonElement record)
    {
        var columns = Columns.ToBuilder();
        var warnings = new List<string>();
        if (record.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in record.EnumerateObject())
            {
                Widen(columns, field.Name, field.Value, warnings);
            }
        }
        else
        {
            Widen(columns, ValueColumn, record, warnings);
        }

        return columns.SequenceEqual(Columns) ? (this, warnings) : (new RecordSchema(columns.ToImmutable()), warnings);
    }

    /// <summary>
    /// Whether a file of this schema can hold <paramref name="record"/> as it is: each of its values has a column whose
    /// type takes it. When it cannot, the record needs a wider schema, and so a file of its own.
    /// </summary>
    public bool Holds(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return Takes(ValueColumn, record);
        }

        foreach (var field in record.EnumerateObject())
        {
            if (!Takes(field.Name, field.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The type a value stands for on its own; null for a JSON null, which any column holds.</summary>
    public static ColumnType? TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out _) ? ColumnType.Int64 : ColumnType.Double,
        JsonValueKind.True or JsonValueKind.False => ColumnType.Boolean,
        JsonValueKind.String => IsTimestamp(value.GetString()!) ? ColumnType.Timestamp : ColumnType.String,
        JsonValueKind.Object or JsonValueKind.Array => ColumnType.Json,
        _ => null,
    };

    /// <summary>An ISO-8601 date-time with an offset (<see cref="Iso8601Instant"/>): unambiguous as an instant.</summary>
    public static bool IsTimestamp(string text) => Iso8601Instant.TryParse(text, out _);

    /// <summary>Whether the column <paramref name="name"/> holds <paramref name="value"/> as it is (checked cheaply: it runs for every value).</summary>
    private bool Takes(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        _index ??= Columns.Select((column, index) => (column.Name, index)).ToDictionary(entry => entry.Name, entry => entry.index, StringComparer.Ordinal);
        if (!_index.TryGetValue(name, out var at))
        {
            return false;
        }

        return Columns[at].Type switch
        {
            ColumnType.String or ColumnType.Json => true,
            ColumnType.Double => value.ValueKind == JsonValueKind.Number,
            ColumnType.Int64 => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            ColumnType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => value.ValueKind == JsonValueKind.String && IsTimestamp(value.GetString()!),
        };
    }

    private static void Widen(ImmutableArray<RecordColumn>.Builder columns, string name, JsonElement value, List<string> warnings)
    {
        if (TypeOf(value) is not { } type)
        {
            // A null: the column, if it is new, waits for a value to say its type.
            return;
        }

        var index = columns.FindIndex(column => column.Name == name);
        if (index < 0)
        {
            columns.Add(new RecordColumn(name, type));
            return;
        }

        var current = columns[index].Type;
        var widened = (current, type) switch
        {
            _ when current == type => current,
            (ColumnType.Int64, ColumnType.Double) or (ColumnType.Double, ColumnType.Int64) => ColumnType.Double,
            (ColumnType.Json, _) => ColumnType.Json,
            (ColumnType.String, _) => ColumnType.String,
            _ => ColumnType.String,
        };
        if (widened == ColumnType.String && current != ColumnType.String)
        {
            warnings.Add($"Column '{name}' held {Name(current)} and then {Name(type)}: it is a string from here on.");
        }

        columns[index] = columns[index] with { Type = widened };
    }

    private static string Name(ColumnType type) => type switch
    {
        ColumnType.Int64 => "integers",
        ColumnType.Double => "numbers",
        ColumnType.Boolean => "booleans",
        ColumnType.Timestamp => "timestamps",
        ColumnType.Json => "objects or arrays",
        _ => "strings",
    };
}

internal static class ImmutableBuilderExtensions
{
    public static int FindIndex<T>(this ImmutableArray<T>.Builder builder, Func<T, bool> match)
    {
        for (var i = 0; i < builder.Count; i++)
        {
            if (match(builder[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
