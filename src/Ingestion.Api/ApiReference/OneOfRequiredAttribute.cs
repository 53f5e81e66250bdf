namespace Ingestion.Api.ApiReference;

/// <summary>
/// An object of this type must have exactly one of the sets of properties that these attributes name (by their C#
/// names, <c>nameof</c>, so that a rename cannot leave one behind): for "give exactly one of a, b or c". The OpenAPI
/// document states it as the schema's <c>oneOf</c> of <c>required</c> lists, and the job spec parser reads the first
/// property of each set as one way of saying the same thing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OneOfRequiredAttribute(params string[] properties) : Attribute
{
    public IReadOnlyList<string> Properties { get; } = properties;
}
