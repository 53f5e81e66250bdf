namespace Ingestion.Api.ApiReference;

/// <summary>
/// In the OpenAPI document, an object of this type must have exactly one of the sets of properties that these
/// attributes name (the schema's <c>oneOf</c> of <c>required</c> lists): for "give exactly one of a, b or c".
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OneOfRequiredAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}
