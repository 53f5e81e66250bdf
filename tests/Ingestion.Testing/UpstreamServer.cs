using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ingestion.Testing;

/// <summary>
/// A real Kestrel server on a free loopback port, standing in for a paginated upstream API. Each page is served as
/// JSON (<c>/pages/{page}</c>), text (<c>/text/{page}</c>), HTML (<c>/html/{page}</c>) or bytes (<c>/bin/{page}</c>)
/// with deterministic content (<see cref="ExpectedContent"/>); <c>?size=N</c> overrides <see cref="BodySize"/>.
/// Failures, delays, hangs and connection resets can be scripted per page while it runs, and every request is
/// recorded. Attempts are counted per page number, whichever representation was asked for. It can also stand in for a
/// rate-limited API (<see cref="RateLimit"/>) and serve a robots.txt (<see cref="ServeRobotsTxt"/>).
/// </summary>
public sealed class UpstreamServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly UpstreamScript _script = new();
    private readonly UpstreamRecorder _recorder = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _bodySize = 1024;
    private long _globalDelayTicks;
    private int _disposed;
    private volatile UpstreamRateLimit? _rateLimit;
    private volatile RobotsTxtAnswer _robotsTxt = new(StatusCodes.Status404NotFound, "");
    private int _robotsTxtRequests;

    private UpstreamServer()
    {
    }

    /// <summary>The root of the server, e.g. <c>http://127.0.0.1:5123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>The size in bytes of every page served without <c>?size=</c>; 1024 unless changed.</summary>
    public int BodySize
    {
        get => Volatile.Read(ref _bodySize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _bodySize, value);
        }
    }

    /// <summary>Waited before answering any request, on top of per-page delays.</summary>
    public TimeSpan GlobalDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _globalDelayTicks));
        set => Interlocked.Exchange(ref _globalDelayTicks, value.Ticks);
    }

    public int TotalRequests => _recorder.TotalRequests;

    /// <summary>Page requests answered 429 by <see cref="RateLimit"/> since it was set.</summary>
    public int RateLimitedRequests => _rateLimit?.Throttled ?? 0;

    /// <summary>When each page request that <see cref="RateLimit"/> let through came, from when it was set.</summary>
    public IReadOnlyList<TimeSpan> RateLimitAcceptedAt => _rateLimit?.Accepted ?? [];

    /// <summary>How many times <c>/robots.txt</c> was asked for.</summary>
    public int RobotsTxtRequests => Volatile.Read(ref _robotsTxtRequests);

    public int CurrentConcurrentRequests => _recorder.CurrentConcurrentRequests;

    /// <summary>The most requests in progress at once since start (or <see cref="Clear"/>).</summary>
    public int MaxConcurrentRequests => _recorder.MaxConcurrentRequests;

    public static async Task<UpstreamServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var server = new UpstreamServer();
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The deterministic body of a page; exactly <paramref name="size"/> bytes unless that is too small
    /// for a well-formed JSON or HTML document.</summary>
    public static byte[] ExpectedContent(int page, int size, UpstreamContentKind kind = UpstreamContentKind.Json) =>
        UpstreamContent.Create(page, size, kind);

    /// <summary>The lowercase hex SHA-256 of <see cref="ExpectedContent"/>.</summary>
    public static string ExpectedSha256(int page, int size, UpstreamContentKind kind = UpstreamContentKind.Json) =>
        Convert.ToHexStringLower(SHA256.HashData(ExpectedContent(page, size, kind)));

    /// <summary>The <c>Content-Type</c> a successful response of that kind carries.</summary>
    public static string ContentTypeOf(UpstreamContentKind kind) => UpstreamContent.ContentType(kind);

    /// <summary>The URL of a page, e.g. <c>http://127.0.0.1:5123/pages/7</c>.</summary>
    public string PageUrl(int page, UpstreamContentKind kind = UpstreamContentKind.Json) =>
        $"{BaseUrl}/{UpstreamContent.RoutePrefix(kind)}/{page.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Asked first for every request with (page, attempt from 1); returning null falls back to the per-page script.
    /// Pass null to remove it.
    /// </summary>
    public UpstreamServer Script(Func<int, int, UpstreamResponse?>? respond)
    {
        _script.SetCallback(respond);
        return this;
    }

    /// <summary>Answers the next <paramref name="times"/> requests for the page with <paramref name="response"/>.</summary>
    public UpstreamServer Respond(int page, UpstreamResponse response, int times = 1)
    {
        _script.Append(page, response, times);
        return this;
    }

    /// <summary>Waits <paramref name="delay"/> before answering every request for the page.</summary>
    public UpstreamServer DelayFor(int page, TimeSpan delay)
    {
        _script.SetDelay(page, delay);
        return this;
    }

    /// <summary>The next <paramref name="times"/> requests for the page get <paramref name="statusCode"/>
    /// (e.g. 503), then it succeeds.</summary>
    public UpstreamServer FailTimes(int page, int times, int statusCode, TimeSpan? retryAfter = null) =>
        Respond(page, UpstreamResponse.Error(statusCode, retryAfter), times);

    /// <summary>Every later request for the page gets <paramref name="statusCode"/> (e.g. 404).</summary>
    public UpstreamServer Fail(int page, int statusCode, TimeSpan? retryAfter = null) =>
        Respond(page, UpstreamResponse.Error(statusCode, retryAfter), UpstreamScript.Forever);

    /// <summary>Requests for the page never get an answer until the client aborts them; only the next
    /// <paramref name="times"/> when given.</summary>
    public UpstreamServer Hang(int page, int times = UpstreamScript.Forever) =>
        Respond(page, UpstreamResponse.Hanging, times);

    /// <summary>The next <paramref name="times"/> requests for the page have their connection aborted.</summary>
    public UpstreamServer ResetConnection(int page, int times = 1) =>
        Respond(page, UpstreamResponse.Reset, times);

    /// <summary>
    /// Lets through at most <paramref name="requestsPerSecond"/> page requests in any one second and answers the others
    /// 429 at once, with a <c>Retry-After</c> when given; null removes the limit. Scripts apply to the requests let
    /// through.
    /// </summary>
    public UpstreamServer RateLimit(int? requestsPerSecond, TimeSpan? retryAfter = null)
    {
        if (requestsPerSecond is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        }

        _rateLimit = requestsPerSecond is { } perSecond ? new UpstreamRateLimit(perSecond, retryAfter) : null;
        return this;
    }

    /// <summary>
    /// Serves <paramref name="content"/> as <c>/robots.txt</c> with <paramref name="statusCode"/>; a 404 until this is
    /// called. Requests for it are counted (<see cref="RobotsTxtRequests"/>), not recorded as pages.
    /// </summary>
    public UpstreamServer ServeRobotsTxt(string content, int statusCode = StatusCodes.Status200OK)
    {
        _robotsTxt = new RobotsTxtAnswer(statusCode, content);
        return this;
    }

    /// <summary>Removes every script, delay, limit and recorded request, so one server can serve several tests.</summary>
    public void Clear()
    {
        _script.Clear();
        _recorder.Clear();
        GlobalDelay = TimeSpan.Zero;
        _rateLimit = null;
        _robotsTxt = new RobotsTxtAnswer(StatusCodes.Status404NotFound, "");
        Interlocked.Exchange(ref _robotsTxtRequests, 0);
    }

    /// <summary>How many requests arrived for the page, in any representation.</summary>
    public int RequestCount(int page) => _recorder.RequestCount(page);

    /// <summary>The headers of the latest request for the page (case-insensitive), or null if none came.</summary>
    public IReadOnlyDictionary<string, string>? LastRequestHeaders(int page) => _recorder.LastRequestHeaders(page);

    /// <summary>Aborts requests still in progress (hanging ones too) and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_app is { } app)
        {
            using var deadline = new CancellationTokenSource(ShutdownTimeout);
            await app.StopAsync(deadline.Token);
            await app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback, ShutdownTimeout).Build();
        _app = app;
        foreach (var kind in Enum.GetValues<UpstreamContentKind>())
        {
            app.MapGet(
                $"/{UpstreamContent.RoutePrefix(kind)}/{{page:int}}",
                (HttpContext context, int page, int? size) => ServeAsync(context, page, size, kind));
        }

        app.MapGet("/robots.txt", ServeRobotsTxtAsync);

        await app.StartAsync(cancellationToken);

        Port = LoopbackServer.PortOf(app);
        BaseUrl = $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private async Task ServeAsync(HttpContext context, int page, int? size, UpstreamContentKind kind)
    {
        var attempt = _recorder.Begin(page, context.Request.Headers);
        using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, _stopping.Token);
        try
        {
            if (_rateLimit is { } limit && !limit.TryAccept())
            {
                await WriteAsync(context.Response, UpstreamResponse.Error(StatusCodes.Status429TooManyRequests, limit.RetryAfter), page, 0, kind, abandoned.Token);
                return;
            }

            var (scripted, pageDelay) = _script.Next(page, attempt);
            var delay = GlobalDelay + pageDelay + scripted.Delay;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, abandoned.Token);
            }

            if (scripted.Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, abandoned.Token);
            }

            if (scripted.ResetConnection)
            {
                context.Abort();
                return;
            }

            await WriteAsync(context.Response, scripted, page, size ?? BodySize, kind, abandoned.Token);
        }
        catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
        {
            // The client gave up or the server is stopping: nobody waits for an answer.
            context.Abort();
        }
        finally
        {
            _recorder.End();
        }
    }

    private async Task ServeRobotsTxtAsync(HttpContext context)
    {
        Interlocked.Increment(ref _robotsTxtRequests);
        var answer = _robotsTxt;
        var body = Encoding.UTF8.GetBytes(answer.Content);
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteAsync(
        HttpResponse response, UpstreamResponse scripted, int page, int size, UpstreamContentKind kind,
        CancellationToken cancellationToken)
    {
        if (size < 0)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        response.StatusCode = scripted.StatusCode;
        if (scripted.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter =
                ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (scripted.Location is { } location)
        {
            response.Headers.Location = location;
        }

        var succeeded = scripted.StatusCode is >= 200 and < 300;
        var body = succeeded
            ? UpstreamContent.Create(page, size, kind)
            : Encoding.UTF8.GetBytes(FormattableString.Invariant($"Upstream page {page} answers {scripted.StatusCode}."));
        response.ContentType = succeeded ? UpstreamContent.ContentType(kind) : "text/plain";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    private sealed record RobotsTxtAnswer(int StatusCode, string Content);
}
