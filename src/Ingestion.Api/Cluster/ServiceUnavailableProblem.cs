using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Api.Cluster;

/// <summary>
/// The 503 a request gets when its grain call failed for a reason that passes (the cluster reconfiguring, storage
/// failing): problem details with a Retry-After and, for a call that may have taken effect, the job it concerns.
/// </summary>
internal static class ServiceUnavailableProblem
{
    /// <param name="detail">What the client is told, unless the endpoint said the call's outcome is unknown: that, then.</param>
    public static async ValueTask<bool> WriteAsync(
        IProblemDetailsService problemDetails, HttpContext httpContext, Exception exception, TimeSpan retryAfter, string title, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = title,
            Detail = httpContext.Items[ClusterUnavailableHandler.UnknownOutcomeKey] as string ?? detail,
        };
        if (httpContext.Items[ClusterUnavailableHandler.JobIdKey] is Guid jobId)
        {
            problem.Extensions["jobId"] = jobId;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }
}
