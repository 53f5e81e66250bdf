using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// One field of a wire record as the parser reads it: its JSON name, the C# property that declares it in its record, and
/// what its declaration says of its value (on that property, or on the interface that declares a field several records
/// share: <see cref="SharedWireFields"/>), which is what the OpenAPI document says of it too.
/// </summary>
internal sealed class WireField
{
    private readonly ICustomAttributeProvider _declaration;
    private readonly RangeAttribute? _range;

    /// <param name="declaration">Where the field's attributes are read from, as the serializer's metadata gives it.</param>
    public WireField(string name, PropertyInfo property, ICustomAttributeProvider declaration, bool isRequired)
    {
        Name = name;
        Property = property;
        IsRequired = isRequired;
        _declaration = declaration;
        _range = Declared<RangeAttribute>();

        // "" is a value where the schema takes it too: no minimum length, no pattern that refuses it and no list of
        // names (a JSON pointer may be "", the whole body; a header name may not).
        AllowsEmptyString =
            Declared<MinLengthAttribute>() is not { Length: > 0 }
            && (Declared<RegularExpressionAttribute>() is not { } pattern || Regex.IsMatch("", pattern.Pattern))
            && Declared<ConstantValueAttribute>() is null
            && Declared<AllowedNamesAttribute>() is null;
    }

    public string Name { get; }

    /// <summary>The record's C# property.</summary>
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

    /// <summary>The field's attribute of type <typeparamref name="T"/>, or null when its declaration has none.</summary>
    public T? Declared<T>() where T : Attribute => DeclaredAll<T>().FirstOrDefault();

    /// <summary>The field's attributes of type <typeparamref name="T"/>.</summary>
    public IEnumerable<T> DeclaredAll<T>() where T : Attribute => _declaration.GetCustomAttributes(typeof(T), inherit: false).Cast<T>();
}
