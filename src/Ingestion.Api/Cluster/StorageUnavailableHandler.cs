using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Answers a request whose grain call failed because the grain's storage did (<see cref="StorageFaults"/>: down, too
/// slow, throttling) with 503 problem details and a Retry-After, instead of the 500 of an unexpected error. The call is
/// not tried again here: the storage SDK has already spent its own retries on it.
/// </summary>
public sealed partial class StorageUnavailableHandler(
    IProblemDetailsService problemDetails, IOptions<ClusterCallOptions> options, ILogger<StorageUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFaults.IsTransient(exception))
        {
            return false;
        }

        // With the exception itself: what storage said is several exceptions deep, and nothing else keeps it.
        LogUnavailable(
            logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.GetType().Name, FirstLine(exception.Message));
        return await ServiceUnavailableProblem.WriteAsync(
            problemDetails,
            httpContext,
            exception,
            options.Value.RetryAfter,
            "Storage is unavailable.",
            "The storage that holds the jobs is down, overloaded or did not answer in time. Try again after the Retry-After.");
    }

    /// <summary>An exception's first line: a storage error's message goes on with the answer's content and headers.</summary>
    private static string FirstLine(string message)
    {
        var text = message.TrimStart();
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: storage failed ({Exception}: {Message}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception cause, string method, string path, string exception, string message);
}
