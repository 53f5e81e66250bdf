using System.Reflection;
using Ingestion.Api.ApiReference;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The shapes of a job's source as <see cref="SourceInput"/>'s variants declare them, so that which fields make which
/// kind of source, and which fields each shape takes, are written once, in those records. A shape's <c>kind</c>
/// constant (<see cref="ConstantValueAttribute"/>) is the name of the <see cref="SourceKind"/> it makes.
/// </summary>
internal static class SourceShapes
{
    /// <summary>Every shape, in the order the OpenAPI document lists them.</summary>
    public static IReadOnlyList<SourceShape> All { get; } =
        [.. typeof(SourceInput).GetCustomAttribute<OneOfTypesAttribute>(inherit: false)!.Types.Select(Describe)];

    /// <summary>The kinds, in the order of their first shapes.</summary>
    public static IReadOnlyList<SourceKind> Kinds { get; } = [.. All.Select(shape => shape.Kind).Distinct()];

    public static SourceShape Of<TRecord>() where TRecord : SourceInput => All.Single(shape => shape.Record == typeof(TRecord));

    public static IEnumerable<SourceShape> OfKind(SourceKind kind) => All.Where(shape => shape.Kind == kind);

    /// <summary>What <c>kind</c> says for <paramref name="kind"/>: range, list or follow.</summary>
    public static string KindName(SourceKind kind) => OfKind(kind).First().KindName;

    /// <summary>The fields that make a source of this kind: any that one of its shapes requires.</summary>
    public static IReadOnlyList<string> MakingFields(SourceKind kind) => [.. OfKind(kind).SelectMany(shape => shape.MakingFields).Distinct()];

    public static bool Takes(SourceKind kind, string property) => OfKind(kind).Any(shape => shape.Takes(property));

    private static SourceShape Describe(Type record)
    {
        var fields = WireShape.Of(record).Fields;
        var kindName = fields.FirstOrDefault(field => field.Property.Name == nameof(RangeSourceInput.Kind))?.Declared<ConstantValueAttribute>()?.Value
            ?? throw new InvalidOperationException($"{record.Name} does not say which kind of source it is.");
        return new SourceShape(
            record,
            Enum.Parse<SourceKind>(kindName, ignoreCase: true),
            kindName,
            [.. fields.Where(field => field.IsRequired).Select(field => field.Property.Name)],
            fields.Select(field => field.Property.Name).ToHashSet(StringComparer.Ordinal));
    }
}
