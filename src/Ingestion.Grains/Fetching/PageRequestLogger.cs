using System.Diagnostics;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Ingestion.Fetching;

/// <summary>
/// Logs page requests in place of the HTTP client factory's own loggers, which also log every request header (the
/// formatted text is redacted, but the structured values that a log exporter sends on hold the job's Authorization
/// header and API keys as they are). This one logs the method, the URL without its query, the status and the time:
/// no header, and no query string, where signatures and tokens also travel.
/// </summary>
public sealed partial class PageRequestLogger(ILogger<PageRequestLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => Stopwatch.GetTimestamp();

#pragma warning disable CA1873 // Every call is behind IsEnabled.
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogAnswered(request.Method, Describe(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogFailed(request.Method, Describe(request.RequestUri), elapsed.TotalMilliseconds, exception.GetType().Name);
        }
    }

#pragma warning restore CA1873

    /// <summary>The URL without its query, which may carry a token.</summary>
    public static string Describe(Uri? url) =>
        url is null ? "" : url.IsAbsoluteUri && url.Query.Length > 0 ? url.GetLeftPart(UriPartial.Path) + "?*" : url.ToString();

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Url} answered {Status} in {ElapsedMilliseconds:0} ms")]
    private partial void LogAnswered(HttpMethod method, string url, int status, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Url} failed after {ElapsedMilliseconds:0} ms: {ExceptionType}")]
    private partial void LogFailed(HttpMethod method, string url, double elapsedMilliseconds, string exceptionType);
}
