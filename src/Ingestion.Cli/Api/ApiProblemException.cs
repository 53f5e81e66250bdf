using System.Net;

namespace Ingestion.Cli.Api;

/// <summary>The API answered with an error status; <see cref="Problem"/> holds its problem details when it sent some.</summary>
public sealed class ApiProblemException(HttpStatusCode statusCode, ProblemDetails? problem)
    : Exception(problem?.Title ?? $"The API answered {(int)statusCode} {statusCode}.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public ProblemDetails? Problem { get; } = problem;
}
