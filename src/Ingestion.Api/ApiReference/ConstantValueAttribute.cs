namespace Ingestion.Api.ApiReference;

/// <summary>In the OpenAPI document, the property may only hold <see cref="Value"/> (a one-value <c>enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ConstantValueAttribute(string value) : Attribute
{
    public string Value { get; } = value;
}
