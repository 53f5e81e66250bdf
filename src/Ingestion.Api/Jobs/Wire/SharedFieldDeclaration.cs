using System.ComponentModel;
using System.Reflection;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// What a wire record's property that takes a shared field (<see cref="SharedWireFields"/>) is declared with: the
/// attributes of the interface property that declares the field, and the record's own description where it gives one,
/// in place of the shared one.
/// </summary>
internal sealed class SharedFieldDeclaration : ICustomAttributeProvider
{
    private readonly object[] _attributes;

    public SharedFieldDeclaration(PropertyInfo property, PropertyInfo shared)
    {
        var own = property.GetCustomAttributes(inherit: false);

        // Only the words may differ by record. A constraint or default stated by one record alone would hold in that
        // shape's schema and not in the parser, which reads a field that several shapes take by its first declaration.
        if (own.FirstOrDefault(attribute => attribute is not DescriptionAttribute && !IsCompilers(attribute)) is { } stray)
        {
            throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} takes the field that {shared.DeclaringType?.Name}.{shared.Name} declares: "
                + $"it may describe the field in words of its own, but not say {stray.GetType().Name} there.");
        }

        Property = property;
        _attributes =
        [
            .. own,
            .. shared.GetCustomAttributes(inherit: false)
                .Where(attribute => !IsCompilers(attribute) && !own.Any(mine => mine.GetType() == attribute.GetType())),
        ];
    }

    /// <summary>The record's property.</summary>
    public PropertyInfo Property { get; }

    public object[] GetCustomAttributes(bool inherit) => [.. _attributes];

    public object[] GetCustomAttributes(Type attributeType, bool inherit) => [.. _attributes.Where(attributeType.IsInstanceOfType)];

    public bool IsDefined(Type attributeType, bool inherit) => _attributes.Any(attributeType.IsInstanceOfType);

    // What the compiler writes for `?` and `required` (NullableAttribute, RequiredMemberAttribute): the record's own.
    private static bool IsCompilers(object attribute) => attribute.GetType().Namespace == "System.Runtime.CompilerServices";
}
