using System.Text.Json;
using Ingestion.Api.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Api.Apis;

/// <summary>A request's JSON body, read within the size limit (<c>Ingestion:Limits:MaxRequestBodyBytes</c>).</summary>
internal static class JsonBody
{
    /// <summary>
    /// The body as a document, or null: too large (<paramref name="tooLarge"/>), or not JSON (said in
    /// <paramref name="errors"/> at <c>$</c>).
    /// </summary>
    public static async Task<(JsonDocument? Document, bool TooLarge)> ReadAsync(
        HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, true);
        }

        try
        {
            return (await JsonDocument.ParseAsync(request.Body, default, cancellationToken), false);
        }
        catch (JsonException exception)
        {
            errors.Add("$", $"The body is not valid JSON: {exception.Message}");
            return (null, false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel stops a body without Content-Length once it passes the limit.
            return (null, true);
        }
    }

    public static ProblemHttpResult TooLarge(long maxBytes, string what) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.",
            detail: $"A {what} may take at most {maxBytes} bytes (Ingestion:Limits:MaxRequestBodyBytes).");
}
