using System.Globalization;
using System.Text.Json;
using Ingestion.Api.Jobs.Wire;

namespace Ingestion.Api.Jobs;

/// <summary>
/// The fields of one JSON object of the job spec, read against the wire records that declare them
/// (<see cref="WireShape"/>): unknown fields are refused, and each value is read with the checks its declaration states
/// (required, not empty, within its range), errors reported by JSON path.
/// </summary>
/// <remarks>
/// Fields are asked for by the C# name of the property that declares them (<c>nameof</c>), so that a field's name is
/// written once, in its record. A field given as null counts as not given.
/// </remarks>
internal sealed class FieldSet
{
    private readonly WireShape _shape;
    private readonly Dictionary<string, JsonElement> _fields;

    private FieldSet(string path, WireShape shape, Dictionary<string, JsonElement> fields)
    {
        Path = path;
        _shape = shape;
        _fields = fields;
    }

    /// <summary>The JSON path of the object itself ("" for the spec).</summary>
    public string Path { get; }

    /// <summary>
    /// The object's fields. One the shape does not have is refused, with what it was renamed to or the known field it
    /// most likely meant; one given twice is refused too.
    /// </summary>
    public static FieldSet Read(JsonElement element, string path, WireShape shape, ValidationErrors errors)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = Join(path, property.Name);
            if (shape.Named(property.Name) is null)
            {
                errors.Add(fieldPath, UnknownField(property.Name, shape));
                continue;
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(fieldPath, "Is given more than once.");
            }
        }

        return new FieldSet(path, shape, fields);
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public string PathOf(string property) => Join(Path, NameOf(property));

    /// <summary>The JSON name of the field that <paramref name="property"/> declares.</summary>
    public string NameOf(string property) => _shape.Field(property).Name;

    public bool Has(string property) => Get(property) is not null;

    public JsonElement? Get(string property) =>
        _fields.TryGetValue(NameOf(property), out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The fields given (not null), by the C# names of their properties, in the order they were written.</summary>
    public IEnumerable<string> Given =>
        _fields.Where(given => given.Value.ValueKind != JsonValueKind.Null).Select(given => _shape.Named(given.Key)!.Property.Name);

    /// <summary>
    /// The fields of the object a field holds, read against the record its property is declared as (or
    /// <paramref name="shape"/>); null when the field is not given, or is not an object (<paramref name="mustBe"/> says
    /// so then).
    /// </summary>
    public FieldSet? Object(string property, ValidationErrors errors, string mustBe = "Must be an object.", WireShape? shape = null)
    {
        switch (Get(property))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Object } value:
                return Read(value, PathOf(property), shape ?? WireShape.Of(_shape.Field(property).Property.PropertyType), errors);
            default:
                errors.Add(PathOf(property), mustBe);
                return null;
        }
    }

    public string? String(string property, ValidationErrors errors)
    {
        var field = _shape.Field(property);
        switch (Get(property))
        {
            case null:
                if (field.IsRequired)
                {
                    errors.Add(PathOf(property), "Required.");
                }

                return null;
            case { ValueKind: JsonValueKind.String } value:
                var text = value.GetString()!;
                if (text.Length == 0 && !field.AllowsEmptyString)
                {
                    errors.Add(PathOf(property), "Must not be empty.");
                    return null;
                }

                return text;
            default:
                errors.Add(PathOf(property), "Must be a string.");
                return null;
        }
    }

    public bool? Boolean(string property, ValidationErrors errors)
    {
        switch (Get(property))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.True }:
                return true;
            case { ValueKind: JsonValueKind.False }:
                return false;
            default:
                errors.Add(PathOf(property), "Must be true or false.");
                return null;
        }
    }

    /// <param name="maximum">A bound that the service's settings set, in place of the record's.</param>
    public int? Integer(string property, ValidationErrors errors, int? maximum = null) =>
        Long(property, errors, maximum) is { } value ? (int)value : null;

    /// <param name="maximum">A bound that the service's settings set, in place of the record's.</param>
    public long? Long(string property, ValidationErrors errors, long? maximum = null)
    {
        var field = _shape.Field(property);
        var bounds = field.Bounds;
        var min = WholeNumber(bounds.Minimum);
        var max = maximum ?? WholeNumber(bounds.Maximum);
        switch (Get(property))
        {
            case null:
                if (field.IsRequired)
                {
                    errors.Add(PathOf(property), "Required.");
                }

                return null;
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) && number >= min && number <= max:
                return number;
            default:
                errors.Add(PathOf(property), max == long.MaxValue
                    ? Invariant($"Must be a whole number of at least {min}.")
                    : Invariant($"Must be a whole number from {min} to {max}."));
                return null;
        }
    }

    public double? Number(string property, ValidationErrors errors)
    {
        var (min, max, exclusive) = _shape.Field(property).Bounds;
        switch (Get(property))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Number } value
                when value.TryGetDouble(out var number) && double.IsFinite(number) && (exclusive ? number > min : number >= min) && number <= max:
                return number;
            default:
                errors.Add(PathOf(property), exclusive
                    ? Invariant($"Must be a number greater than {min} and at most {max}.")
                    // A small positive floor (a timeout of at least a millisecond) is told as users think of it.
                    : min > 0
                        ? Invariant($"Must be a number greater than 0 and at most {max}.")
                        : Invariant($"Must be a number from {min} to {max}."));
                return null;
        }
    }

    private static string UnknownField(string name, WireShape shape)
    {
        if (shape.Renamed(name) is { } renamed)
        {
            return $"Renamed: use '{renamed.Field.Name}' ({renamed.Why}).";
        }

        return FieldSuggestions.Closest(name, shape.Names) is { } suggestion
            ? $"Unknown field; did you mean '{suggestion}'?"
            : $"Unknown field. Known fields here: {string.Join(", ", shape.Names)}.";
    }

    // [Range(0, long.MaxValue)] holds its bounds as doubles, and 2^63 does not convert back to a long by a cast.
    private static long WholeNumber(double bound) =>
        bound >= long.MaxValue ? long.MaxValue : bound <= long.MinValue ? long.MinValue : (long)bound;

    private static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
