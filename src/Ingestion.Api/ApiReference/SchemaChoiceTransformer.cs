using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ingestion.Api.Jobs.Wire;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.ApiReference;

/// <summary>
/// Writes the choices that C# types cannot express into their schemas: <see cref="OneOfTypesAttribute"/>,
/// <see cref="OneOfRequiredAttribute"/>, <see cref="ConstantValueAttribute"/> and <see cref="AllowedNamesAttribute"/>.
/// </summary>
internal sealed class SchemaChoiceTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ConstantValueAttribute), inherit: false) is [ConstantValueAttribute constant, ..])
        {
            schema.Enum = [JsonValue.Create(constant.Value)];
        }

        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedNamesAttribute), inherit: false) is [AllowedNamesAttribute allowed, ..])
        {
            schema.Enum = [.. allowed.Names.Select(name => (JsonNode)JsonValue.Create(name))];
        }

        var type = context.JsonTypeInfo.Type;
        var requiredSets = type.GetCustomAttributes<OneOfRequiredAttribute>(inherit: false).ToList();
        if (requiredSets.Count > 0)
        {
            schema.OneOf =
            [
                .. requiredSets.Select(set => (IOpenApiSchema)new OpenApiSchema
                {
                    Required = new HashSet<string>(set.Properties.Select(property => JsonName(context.JsonTypeInfo, property))),
                }),
            ];
        }

        if (type.GetCustomAttribute<OneOfTypesAttribute>(inherit: false) is { } oneOf)
        {
            schema.Type = null;
            schema.Properties = null;
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
            schema.OneOf = [];
            foreach (var variant in oneOf.Types)
            {
                // Each variant's schema keeps its type's identity, so the document holds it as a component of its own
                // and the choice as references to them.
                schema.OneOf.Add(await context.GetOrCreateSchemaAsync(variant, null, cancellationToken));
            }
        }
    }

    /// <summary>The name the document gives the property that C# calls <paramref name="property"/>.</summary>
    private static string JsonName(JsonTypeInfo type, string property) =>
        type.Properties.Single(candidate => SharedWireFields.PropertyOf(candidate)?.Name == property).Name;
}
