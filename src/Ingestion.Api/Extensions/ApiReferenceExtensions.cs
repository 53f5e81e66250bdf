using Ingestion.Api.ApiReference;
using Ingestion.Api.Security;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Ingestion.Api.Extensions;

internal static class ApiReferenceExtensions
{
    public const string DocumentName = "v1";

    /// <summary>What the reference page puts in the <c>X-Api-Key</c> header until the user enters the key.</summary>
    public const string ApiKeyPlaceholder = "<your API key>";

    /// <summary>The OpenAPI document <c>v1</c>: every endpoint, its errors, the job spec's shapes and the API key.</summary>
    public static WebApplicationBuilder AddApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiReferenceOptions>()
            .Bind(builder.Configuration.GetSection(ApiReferenceOptions.SectionName));
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddDocumentTransformer<ApiKeySchemeTransformer>();
            options.AddOperationTransformer<ApiKeyRequirementTransformer>();
            options.AddSchemaTransformer<SchemaChoiceTransformer>();
            options.AddSchemaTransformer<WireShapeSchemaTransformer>();
        });

        return builder;
    }

    /// <summary>
    /// Maps <c>/openapi/v1.json</c>, and the reference page at <c>/scalar</c>, for anyone when the reference is exposed
    /// (<see cref="ApiReferenceOptions"/>); otherwise the document needs the API key, and there is no page.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        var document = app.MapOpenApi();
        if (!app.Services.GetRequiredService<IOptions<ApiReferenceOptions>>().Value.IsExposed(app.Environment))
        {
            document.RequireAuthorization();
            return app;
        }

        // The page talks to this service only: no telemetry, no AI agent or MCP server, no fonts from a CDN.
        app.MapScalarApiReference(options => options
            .WithTitle("Orleans Ingestion API")
            .AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName)
            // Without a value the page's request examples show a made-up key (YOUR_SECRET_TOKEN) that passes for a
            // real one; this one says what goes there, and the 401 it earns says where to find the key.
            .AddApiKeyAuthentication(ApiKeyAuthenticationHandler.SchemeName, scheme => scheme.Value = ApiKeyPlaceholder)
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .DisableDefaultFonts()
            .HideDeveloperTools());
        return app;
    }
}
