namespace Ingestion.Api.ApiReference;

/// <summary>In the OpenAPI document, the string property may only hold one of <see cref="Names"/> (an <c>enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class AllowedNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
