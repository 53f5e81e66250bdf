using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// One field of a wire record as the parser reads it: its JSON name, the C# property that declares it, and what that
/// declaration says of its value, which is what the OpenAPI document says of it too.
/// </summary>
internal sealed class WireField
{
    private readonly RangeAttribute? _range;

    public WireField(string name, PropertyInfo property, bool isRequired)
    {
        Name = name;
        Property = property;
        IsRequired = isRequired;
        _range = property.GetCustomAttribute<RangeAttribute>();

        // "" is a value where the schema takes it too: no minimum length, no pattern that refuses it and no list of
        // names (a JSON pointer may be "", the whole body; a header name may not).
        AllowsEmptyString =
            property.GetCustomAttribute<MinLengthAttribute>() is not { Length: > 0 }
            && (property.GetCustomAttribute<RegularExpressionAttribute>() is not { } pattern || Regex.IsMatch("", pattern.Pattern))
            && property.GetCustomAttribute<ConstantValueAttribute>() is null
            && property.GetCustomAttribute<AllowedNamesAttribute>() is null;
    }

    public string Name { get; }

    public PropertyInfo Property { get; }

    /// <summary>Declared <c>required</c>: a record of this shape without it is refused ("Required.").</summary>
    public bool IsRequired { get; }

    /// <summary>Whether "" is a value of this field rather than a mistake ("Must not be empty.").</summary>
    public bool AllowsEmptyString { get; }

    /// <summary>The bounds of a number field, from its <see cref="RangeAttribute"/>; every number field states them.</summary>
    public (double Minimum, double Maximum, bool MinimumIsExclusive) Bounds =>
        _range is { } range
            ? (Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
                Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
                range.MinimumIsExclusive)
            : throw new InvalidOperationException($"{Property.DeclaringType?.Name}.{Property.Name} is a number without a [Range].");
}
