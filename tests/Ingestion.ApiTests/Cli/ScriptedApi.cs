using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// An API that answers from a script, for what the real one cannot be made to do on cue: an event stream that
/// drops mid-job, no event stream at all, fields and values from a newer version.
/// </summary>
internal sealed class ScriptedApi : HttpMessageHandler
{
    public const string BaseUrl = "http://scripted.api.test/";

    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _eventStreams = new();
    private const string UnavailableMarker = "(503)";

    private readonly ConcurrentQueue<string> _jobs = new();
    private string? _lastJob;

    /// <summary>Every request, in order: method, path and query, and the headers that matter here.</summary>
    public ConcurrentQueue<(string Request, string? LastEventId, string? ApiKey)> Requests { get; } = new();

    /// <summary>How many requests, from the next on, answer 503 as the API does while the cluster reconfigures.</summary>
    public int UnavailableFor { get; set; }

    /// <summary>Any other request answers this body.</summary>
    public string? Otherwise { get; set; }

    /// <summary>The next <c>GET .../events</c> answers this stream body, then ends it.</summary>
    public ScriptedApi EventStream(string body) =>
        EventStream(new StringContent(body, Encoding.UTF8, "text/event-stream"));

    /// <summary>The next <c>GET .../events</c> answers a stream whose body the test writes as it goes.</summary>
    public ScriptedApi EventStream(FedStream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new("text/event-stream");
        return EventStream(content);
    }

    private ScriptedApi EventStream(HttpContent content)
    {
        _eventStreams.Enqueue(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        return this;
    }

    /// <summary>The next <c>GET /api/jobs/{id}</c> answers this job; the last one given keeps being answered.</summary>
    public ScriptedApi Job(string json)
    {
        _jobs.Enqueue(json);
        return this;
    }

    /// <summary>The next <c>GET /api/jobs/{id}</c> answers 503, as the API does while the cluster reconfigures.</summary>
    public ScriptedApi JobUnavailable()
    {
        _jobs.Enqueue(UnavailableMarker);
        return this;
    }

    /// <summary>
    /// A job as a newer API might write it: with a field this client does not know. With <paramref name="totalKnown"/>
    /// false, the source's end is not found yet and <paramref name="total"/> counts the pages known so far.
    /// <paramref name="records"/> is the job's <c>records</c> object, as JSON, for a job whose spec asks for records.
    /// </summary>
    public static string JobJson(
        Guid id, string status, int total, int succeeded, int failed, int cancelled = 0, bool totalKnown = true, string? records = null)
    {
        var recordsField = records is null ? "" : $"\"records\":{records},";
        return string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"id":"{{id}}","status":"{{status}}","createdAt":"2025-01-01T00:00:00Z","bytes":{{succeeded * 1024}},"pages":{"total":{{total}},"succeeded":{{succeeded}},"failed":{{failed}},"inFlight":0,"waitingRetry":0,"pending":{{total - succeeded - failed - cancelled}},"cancelled":{{cancelled}},"totalKnown":{{(totalKnown ? "true" : "false")}} },{{recordsField}}"fieldFromTheFuture":{"x":1} }""");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((
            $"{request.Method} {request.RequestUri!.PathAndQuery}",
            request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null,
            request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null));

        if (UnavailableFor > 0)
        {
            UnavailableFor--;
            return Task.FromResult(Unavailable());
        }

        var path = request.RequestUri.AbsolutePath;
        if (path.EndsWith("/events", StringComparison.Ordinal))
        {
            return Task.FromResult(_eventStreams.TryDequeue(out var stream) ? stream() : NotFound());
        }

        if (request.Method == HttpMethod.Get && path.StartsWith("/api/jobs/", StringComparison.Ordinal) && path.Count(c => c == '/') == 3)
        {
            if (_jobs.TryPeek(out var next) && next == UnavailableMarker)
            {
                _jobs.TryDequeue(out _);
                return Task.FromResult(Unavailable());
            }

            _lastJob = _jobs.TryDequeue(out var job) ? job : _lastJob;
            return Task.FromResult(_lastJob is null ? NotFound() : Json(_lastJob));
        }

        return Task.FromResult(Otherwise is null ? NotFound() : Json(Otherwise));
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage NotFound() =>
        new(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"title":"Not Found","status":404}""", Encoding.UTF8, "application/problem+json"),
        };

    private static HttpResponseMessage Unavailable()
    {
        var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"status":503,"title":"The cluster is reconfiguring."}""", Encoding.UTF8, "application/problem+json"),
        };
        unavailable.Headers.RetryAfter = new(TimeSpan.FromSeconds(5));
        return unavailable;
    }
}
