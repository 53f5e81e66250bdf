using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The fields one JSON object of the job spec may have, as the wire records declare them: the same records, read through
/// the same serializer metadata, that the OpenAPI document describes, so that the parser and the document cannot
/// disagree on a name. A record with <see cref="OneOfTypesAttribute"/> has the fields of every one of its shapes, and
/// several records together have the fields of each: an object is read before it is known which shape it is.
/// </summary>
internal sealed class WireShape
{
    // The names the API writes and the document shows: the web defaults' camelCase; each field with the attributes of its
    // declaration, as the document reads it (SharedWireFields).
    private static readonly JsonSerializerOptions Naming = new JsonSerializerOptions(JsonSerializerOptions.Web).DescribeSharedWireFields();

    private static readonly ConcurrentDictionary<string, WireShape> Shapes = new(StringComparer.Ordinal);

    private readonly List<WireField> _fields = [];
    private readonly Dictionary<string, WireField> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WireField> _byProperty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (WireField Field, string Why)> _renamed = new(StringComparer.Ordinal);
    private readonly List<string> _ways = [];

    private WireShape(IReadOnlyList<Type> records)
    {
        foreach (var record in records.SelectMany(ShapesOf))
        {
            foreach (var property in Naming.GetTypeInfo(record).Properties)
            {
                // A field several shapes have is one field: the first shape to declare it speaks for the rest.
                if (SharedWireFields.PropertyOf(property) is not { } declared || _byName.ContainsKey(property.Name))
                {
                    continue;
                }

                var field = new WireField(property.Name, declared, property.AttributeProvider!, property.IsRequired);
                _fields.Add(field);
                _byName[field.Name] = field;
                _byProperty[declared.Name] = field;
                foreach (var renamed in field.DeclaredAll<RenamedFromAttribute>())
                {
                    _renamed[renamed.FormerName] = (field, renamed.Why);
                }
            }

            foreach (var set in record.GetCustomAttributes<OneOfRequiredAttribute>(inherit: false))
            {
                if (!_ways.Contains(set.Properties[0]))
                {
                    _ways.Add(set.Properties[0]);
                }
            }
        }

        Names = [.. _fields.Select(field => field.Name)];
    }

    /// <summary>The fields, in the order the records declare them.</summary>
    public IReadOnlyList<WireField> Fields => _fields;

    /// <summary>The JSON names of the fields, in the order the records declare them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// The ways of saying one thing of which exactly one must be given (<see cref="OneOfRequiredAttribute"/>), each as
    /// the C# name of the property that starts it.
    /// </summary>
    public IReadOnlyList<string> Ways => _ways;

    public static WireShape Of<TRecord>() => Of(typeof(TRecord));

    public static WireShape Of(params Type[] records) =>
        Shapes.GetOrAdd(string.Join(',', records.Select(record => record.FullName)), _ => new WireShape(records));

    /// <summary>The field a JSON name names, or null when the shape has none by that name.</summary>
    public WireField? Named(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The field declared by the C# property <paramref name="property"/> (pass it with <c>nameof</c>).</summary>
    public WireField Field(string property) =>
        _byProperty.TryGetValue(property, out var field)
            ? field
            : throw new ArgumentException($"No record of this shape declares a property {property}.", nameof(property));

    /// <summary>The field that a name of an earlier version of the spec became, and why.</summary>
    public (WireField Field, string Why)? Renamed(string formerName) =>
        _renamed.TryGetValue(formerName, out var renamed) ? renamed : null;

    private static IEnumerable<Type> ShapesOf(Type record) =>
        record.GetCustomAttribute<OneOfTypesAttribute>(inherit: false) is { } oneOf ? oneOf.Types : [record];
}
