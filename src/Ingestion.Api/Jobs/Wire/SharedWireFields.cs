using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// A field that several wire records take is declared once, on an interface of this assembly that each of those records
/// implements (<see cref="IRangeSourceInput"/>, <see cref="IMayBeEmptySourceInput"/>...): the interface's property holds
/// the field's description, constraints and default; the record's property says what is the record's own, whether it is
/// required and where it stands among the record's fields, and, where the field means more in that record, a
/// description of its own. Serializer metadata reads no attributes from interfaces, so this contract modifier gives each
/// such property the attributes of its declaration (<see cref="SharedFieldDeclaration"/>). The parser
/// (<see cref="WireShape"/>) and the OpenAPI document both read a field's attributes from its
/// <see cref="JsonPropertyInfo.AttributeProvider"/>, and so read the same declaration.
/// </summary>
internal static class SharedWireFields
{
    /// <summary>Makes <paramref name="options"/> describe each field of the wire records by its declaration.</summary>
    public static JsonSerializerOptions DescribeSharedWireFields(this JsonSerializerOptions options)
    {
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Describe);
        return options;
    }

    /// <summary>The C# property that declares <paramref name="field"/> in its record, or null when no property does.</summary>
    public static PropertyInfo? PropertyOf(JsonPropertyInfo field) => field.AttributeProvider switch
    {
        SharedFieldDeclaration shared => shared.Property,
        PropertyInfo property => property,
        _ => null,
    };

    private static void Describe(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var groups = type.Type.GetInterfaces().Where(group => group.Assembly == typeof(SharedWireFields).Assembly).ToList();
        if (groups.Count == 0)
        {
            return;
        }

        foreach (var field in type.Properties)
        {
            if (field.AttributeProvider is PropertyInfo property && SharedDeclarationOf(property, groups) is { } shared)
            {
                field.AttributeProvider = new SharedFieldDeclaration(property, shared);
            }
        }
    }

    private static PropertyInfo? SharedDeclarationOf(PropertyInfo property, IEnumerable<Type> groups)
    {
        var declarations = groups.Select(group => group.GetProperty(property.Name)).OfType<PropertyInfo>().ToList();
        return declarations.Count <= 1
            ? declarations.SingleOrDefault()
            : throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} is declared by {string.Join(" and ", declarations.Select(shared => shared.DeclaringType?.Name))}: a field has one declaration.");
    }
}
