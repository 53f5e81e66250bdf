using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.ApiReference;

/// <summary>The document's title and the conventions that hold for every endpoint.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Orleans Ingestion API",
            Version = "v1",
            Description = """
                Submit ingestion jobs (a range of pages of a paginated API, a list of URLs, or links followed from page to
                page), follow their progress, list their pages and cancel them. Every page is stored as a blob, and a
                manifest of the job is written next to them when it ends.

                Every `/api` request carries the API key in the `X-Api-Key` header. Errors are RFC 9457 problem details
                (`application/problem+json`); validation errors list every offending field by its JSON path. Beyond what
                each operation lists, a request body over `Ingestion:Limits:MaxRequestBodyBytes` is a `413`, too many or
                too large headers a `431`, and an over-long request line a `414`.
                """,
        };
        return Task.CompletedTask;
    }
}
