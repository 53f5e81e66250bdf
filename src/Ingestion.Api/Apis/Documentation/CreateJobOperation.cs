using System.Text.Json.Nodes;
using Ingestion.Api.Jobs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.Apis.Documentation;

/// <summary>
/// What <c>POST /api/jobs</c> reads and answers beyond its body's schema, as its handler reads the request by hand: the
/// <c>Idempotency-Key</c> header, an example body, and the <c>Location</c> of the job it answers with.
/// </summary>
internal static class CreateJobOperation
{
    private const string Example = """
        {
          "name": "items",
          "source": { "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1, "to": 500 } },
          "headers": { "Accept": "application/json" },
          "concurrency": 16,
          "destination": { "container": "ingest", "prefix": "example/items" }
        }
        """;

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeys.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the submission safe to repeat: 1 to 200 printable ASCII characters, compared exactly, e.g. a UUID. The same key with the same spec answers the same job; with a different spec, 409.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength, Pattern = "^[ -~]+$" },
        });

        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = JsonNode.Parse(Example);
        }

        if (operation.Responses?.TryGetValue("202", out var accepted) == true
            && accepted is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Location"] = new OpenApiHeader
            {
                Description = "The job's URL, /api/jobs/{id}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        return Task.CompletedTask;
    }
}
