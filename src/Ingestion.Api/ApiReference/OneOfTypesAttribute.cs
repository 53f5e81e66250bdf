namespace Ingestion.Api.ApiReference;

/// <summary>
/// In the OpenAPI document, the type's schema is exactly one of <see cref="Types"/>, each a schema of its own: for a
/// JSON value that the API reads by hand and that takes several shapes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OneOfTypesAttribute(params Type[] types) : Attribute
{
    public IReadOnlyList<Type> Types { get; } = types;
}
