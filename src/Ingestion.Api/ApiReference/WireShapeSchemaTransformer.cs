using Ingestion.Api.Jobs.Wire;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.ApiReference;

/// <summary>
/// Describes a contract type that the API writes as a wire record (<see cref="WireJson"/>) as that record: a job's spec
/// in a job view is a <see cref="JobSpecInput"/>, the same schema as the body of <c>POST /api/jobs</c>.
/// </summary>
internal sealed class WireShapeSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (WireJson.WireTypeOf(context.JsonTypeInfo.Type) is { } wire)
        {
            schema.AllOf = [await context.GetOrCreateSchemaAsync(wire, null, cancellationToken)];
        }
    }
}
