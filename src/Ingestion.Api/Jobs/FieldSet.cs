using System.Text.Json;

namespace Ingestion.Api.Jobs;

/// <summary>The fields of one JSON object, read with type and range checks that report errors by JSON path.</summary>
/// <remarks>A field given as null counts as not given.</remarks>
internal sealed class FieldSet(string path, Dictionary<string, JsonElement> fields)
{
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public string PathOf(string name) => Join(path, name);

    public bool Has(string name) => Get(name) is not null;

    public JsonElement? Get(string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <param name="allowEmpty">Whether "" is a value (a JSON pointer to the whole body) rather than a mistake.</param>
    public string? String(string name, ValidationErrors errors, bool required, bool allowEmpty = false)
    {
        switch (Get(name))
        {
            case null:
                if (required)
                {
                    errors.Add(Join(path, name), "Required.");
                }

                return null;
            case { ValueKind: JsonValueKind.String } value:
                var text = value.GetString()!;
                if (text.Length == 0 && !allowEmpty)
                {
                    errors.Add(Join(path, name), "Must not be empty.");
                    return null;
                }

                return text;
            default:
                errors.Add(Join(path, name), "Must be a string.");
                return null;
        }
    }

    public bool? Boolean(string name, ValidationErrors errors)
    {
        switch (Get(name))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.True }:
                return true;
            case { ValueKind: JsonValueKind.False }:
                return false;
            default:
                errors.Add(Join(path, name), "Must be true or false.");
                return null;
        }
    }

    public int? Integer(string name, int min, int max, ValidationErrors errors) =>
        Long(name, min, max, errors, required: false) is { } value ? (int)value : null;

    public long? Long(string name, long min, long max, ValidationErrors errors, bool required)
    {
        switch (Get(name))
        {
            case null:
                if (required)
                {
                    errors.Add(Join(path, name), "Required.");
                }

                return null;
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) && number >= min && number <= max:
                return number;
            default:
                errors.Add(Join(path, name), max == long.MaxValue
                    ? $"Must be a whole number of at least {min}."
                    : $"Must be a whole number from {min} to {max}.");
                return null;
        }
    }

    public double? Number(string name, double min, double max, ValidationErrors errors)
    {
        switch (Get(name))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Number } value
                when value.TryGetDouble(out var number) && double.IsFinite(number) && number >= min && number <= max:
                return number;
            default:
                errors.Add(Join(path, name), min > 0
                    ? $"Must be a number greater than 0 and at most {max}."
                    : $"Must be a number from {min} to {max}.");
                return null;
        }
    }
}
