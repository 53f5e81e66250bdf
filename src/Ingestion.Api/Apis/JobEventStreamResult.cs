using System.Globalization;
using System.Reflection;
using System.Text;
using Ingestion.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ingestion.Api.Apis;

/// <summary>
/// Writes a job's events as <c>text/event-stream</c> (server-sent events): each event as <c>id:</c>, <c>event:</c> and
/// one <c>data:</c> line of JSON, flushed at once; a heartbeat as a comment line. Ends when the events do, when the
/// client disconnects or when the server stops, quietly in each case.
/// </summary>
public sealed partial class JobEventStreamResult(
    IAsyncEnumerable<JobEvent> events,
    Guid jobId,
    ILogger<JobEventStreamResult> logger,
    CancellationToken stopping) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string EventStreamContentType = "text/event-stream";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => EventStreamContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventStreamContentType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies that buffer responses (nginx) would hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var done = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var cancellationToken = done.Token;
        try
        {
            await foreach (var item in events.WithCancellation(cancellationToken))
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(Format(item)), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }

            LogEnded(jobId);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away (or the server is stopping): nothing to answer, nothing to report.
            LogClosed(jobId, httpContext.RequestAborted.IsCancellationRequested ? "the client disconnected" : "the server is stopping");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The status line is long gone; the client sees the stream end and may reconnect with Last-Event-ID.
            LogFailed(jobId, exception);
        }
    }

    /// <summary>The event as it goes on the wire; JSON from the serializer holds no line breaks, so one data line.</summary>
    public static string Format(JobEvent item) =>
        item.Kind == JobEventKind.Heartbeat
            ? ": heartbeat\n\n"
            : string.Create(CultureInfo.InvariantCulture, $"id: {item.Id}\nevent: {item.Type}\ndata: {item.Data}\n\n");

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JobView), [EventStreamContentType]));

    [LoggerMessage(Level = LogLevel.Debug, Message = "The event stream of job {JobId} ended with the job.")]
    private partial void LogEnded(Guid jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The event stream of job {JobId} closed: {Reason}.")]
    private partial void LogClosed(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event stream of job {JobId} stopped on an error.")]
    private partial void LogFailed(Guid jobId, Exception exception);
}
