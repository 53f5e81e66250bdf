using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Answers a request whose grain call failed for the cluster's sake (a silo died, the cluster is reconfiguring) with
/// 503 problem details and a Retry-After, instead of the 500 of an unexpected error.
/// </summary>
public sealed partial class ClusterUnavailableHandler(
    IProblemDetailsService problemDetails, IOptions<ClusterCallOptions> options, ILogger<ClusterUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ClusterFaults.IsTransient(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.GetType().Name, exception.Message);
        var (title, detail) = ClusterFaults.Describe(exception);
        return await ServiceUnavailableProblem.WriteAsync(problemDetails, httpContext, exception, options.Value.RetryAfter, title, detail);
    }

    /// <summary>
    /// Set by an endpoint whose call may have taken effect (a start, a retry): the job it concerns, for the problem's
    /// <c>jobId</c> in any 503, so that the client can look at it before trying again.
    /// </summary>
    public const string JobIdKey = "ingestion.cluster.jobId";

    /// <summary>Set with <see cref="JobIdKey"/>: what the client should know of the call's unknown outcome.</summary>
    public const string UnknownOutcomeKey = "ingestion.cluster.unknownOutcome";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: the cluster did not answer ({Exception}: {Message}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exception, string message);
}
