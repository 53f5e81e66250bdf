using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ingestion.Testing;

/// <summary>
/// A real Kestrel server on a free loopback port that serves one deterministic dataset (items 1 to
/// <see cref="ItemCount"/>) in every pagination style real APIs use, so a test can check that an ingestion job
/// fetched every record exactly once.
/// <list type="bullet">
/// <item><description>Ranges the client computes: <c>/items?page={n}&amp;per_page={size}</c> and
/// <c>/items?offset={o}&amp;limit={l}</c>, with totals and <c>Link</c> headers (<see cref="PageTemplate"/>,
/// <see cref="OffsetTemplate"/>).</description></item>
/// <item><description>Links the client follows: a relative <c>Link</c> header (<see cref="LinkHeaderStart"/>), a
/// relative URL in the body (<see cref="JsonNextStart"/>) and an opaque cursor (<see cref="CursorStart"/>).
/// </description></item>
/// </list>
/// Misbehaviours (<see cref="LoopBackAt"/>, <see cref="StuckCursorAt"/>, <see cref="Endless"/>, <see cref="PastEnd"/>)
/// can be switched while it runs, and every request is recorded.
/// </summary>
public sealed class PaginatedApi : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly PaginatedApiDataset _dataset;
    private readonly PaginatedApiRecorder _recorder = new();
    private readonly PaginatedApiCursor _cursors = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private long _delayTicks;
    private int _pastEnd;
    private int _bareArrays;
    private int _loopBackAt;
    private int _stuckCursorAt;
    private int _endless;
    private int _unavailableAt;
    private int _disposed;

    private PaginatedApi(int itemCount, int pageSize) => _dataset = new PaginatedApiDataset(itemCount, pageSize);

    /// <summary>The root of the server, e.g. <c>http://127.0.0.1:5123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public int ItemCount => _dataset.ItemCount;

    public int PageSize => _dataset.PageSize;

    /// <summary>How many pages of <see cref="PageSize"/> the items fill; 0 when there are none.</summary>
    public int PageCount => _dataset.PageCount;

    /// <summary>Waited before answering every request; zero unless changed.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    /// <summary><c>{BaseUrl}/items?page={page}&amp;per_page={PageSize}</c>, with <c>{page}</c> left for the
    /// caller.</summary>
    public string PageTemplate => Invariant($"{BaseUrl}/items?page={{page}}&per_page={PageSize}");

    /// <summary><c>{BaseUrl}/items?offset={offset}&amp;limit={limit}</c>, with both left for the caller.</summary>
    public string OffsetTemplate => $"{BaseUrl}/items?offset={{offset}}&limit={{limit}}";

    /// <summary>Page 1 of the style whose only next link is a relative <c>Link: &lt;/links?page=2&gt;; rel="next"</c>
    /// header; bodies are bare arrays of items.</summary>
    public string LinkHeaderStart => $"{BaseUrl}/links?page=1";

    /// <summary>Page 1 of the style whose body is <c>{"data":[...],"next":"json-next?page=2"}</c>, the next URL
    /// relative to the request's, null on the last page.</summary>
    public string JsonNextStart => $"{BaseUrl}/json-next?page=1";

    /// <summary>Page 1 of the style whose body is <c>{"data":[...],"meta":{"cursor":"…"}}</c>; the next page is
    /// <c>/cursor?cursor={token}</c>, and the cursor is null on the last page.</summary>
    public string CursorStart => $"{BaseUrl}/cursor";

    /// <summary>How a request for a page after the last is answered; <see cref="PastEndStyle.EmptyArray"/> unless
    /// changed.</summary>
    public PastEndStyle PastEnd
    {
        get => (PastEndStyle)Volatile.Read(ref _pastEnd);
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not a PastEndStyle.");
            }

            Volatile.Write(ref _pastEnd, (int)value);
        }
    }

    /// <summary>When true, <c>/items</c> bodies are a bare JSON array of items instead of an object.</summary>
    public bool BareArrays
    {
        get => Volatile.Read(ref _bareArrays) != 0;
        set => Volatile.Write(ref _bareArrays, value ? 1 : 0);
    }

    /// <summary>When set to k, page k of the follow styles points back to page 1 (a loop) instead of on.</summary>
    public int? LoopBackAt
    {
        get => PageOrNull(Volatile.Read(ref _loopBackAt));
        set => Volatile.Write(ref _loopBackAt, PageOrZero(value));
    }

    /// <summary>When set to k, page k of <c>/cursor</c> answers with the cursor it was asked with (page 1, asked
    /// without one, answers with its own), so the cursor never changes.</summary>
    public int? StuckCursorAt
    {
        get => PageOrNull(Volatile.Read(ref _stuckCursorAt));
        set => Volatile.Write(ref _stuckCursorAt, PageOrZero(value));
    }

    /// <summary>When true, the follow styles always point to a next page; pages after <see cref="PageCount"/> hold
    /// synthetic items whose ids carry on past <see cref="ItemCount"/>.</summary>
    public bool Endless
    {
        get => Volatile.Read(ref _endless) != 0;
        set => Volatile.Write(ref _endless, value ? 1 : 0);
    }

    /// <summary>When set to k, page k of the follow styles answers 503 (a page that fails), until set back to null.</summary>
    public int? UnavailableAt
    {
        get => PageOrNull(Volatile.Read(ref _unavailableAt));
        set => Volatile.Write(ref _unavailableAt, PageOrZero(value));
    }

    public int TotalRequests => _recorder.TotalRequests;

    /// <summary>The most requests in progress at once since start.</summary>
    public int MaxConcurrentRequests => _recorder.MaxConcurrentRequests;

    /// <summary>The path and query of every request in arrival order, exactly as sent; a snapshot.</summary>
    public IReadOnlyList<string> RequestLog => _recorder.Log;

    public static async Task<PaginatedApi> StartAsync(
        int itemCount, int pageSize, CancellationToken cancellationToken = default)
    {
        var api = new PaginatedApi(itemCount, pageSize);
        try
        {
            await api.StartServerAsync(cancellationToken);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>The ids of the items in any body this server sends (bare array, or object with <c>items</c> or
    /// <c>data</c>); none for empty and error bodies.</summary>
    public static IReadOnlyList<int> ItemIdsIn(ReadOnlySpan<byte> body) => PaginatedApiBodyReader.ItemIdsIn(body);

    /// <summary>How many requests had exactly this path and query, e.g. <c>/items?page=3&amp;per_page=10</c>.</summary>
    public int RequestCount(string pathAndQuery) => _recorder.RequestCount(pathAndQuery);

    /// <summary>Aborts requests still waiting out <see cref="Delay"/> and stops the server.</summary>
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

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback, ShutdownTimeout).Build();
        _app = app;
        app.Use(RecordAndDelayAsync);
        app.MapGet("/items", context => RespondAsync(context, (query, behaviour) =>
            PaginatedApiRangeEndpoint.Serve(query, BaseUrl, _dataset, behaviour)));
        app.MapGet("/links", context => RespondAsync(context, (query, behaviour) =>
            PaginatedApiFollowEndpoints.ServeLinkHeader(query, _dataset, behaviour)));
        app.MapGet("/json-next", context => RespondAsync(context, (query, behaviour) =>
            PaginatedApiFollowEndpoints.ServeJsonNext(query, _dataset, behaviour)));
        app.MapGet("/cursor", context => RespondAsync(context, (query, behaviour) =>
            PaginatedApiFollowEndpoints.ServeCursor(query, _dataset, behaviour, _cursors)));

        await app.StartAsync(cancellationToken);

        BaseUrl = Invariant($"http://127.0.0.1:{LoopbackServer.PortOf(app)}");
    }

    // Runs for every request, routed or not, so the log shows what a client really asked for.
    private async Task RecordAndDelayAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var pathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } rawTarget
            ? rawTarget
            : request.Path.Value + request.QueryString.Value;
        _recorder.Begin(pathAndQuery);
        using var abandoned = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var delay = Delay;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, abandoned.Token);
            }

            await next(context);
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

    private Task RespondAsync(
        HttpContext context, Func<IQueryCollection, PaginatedApiBehaviour, PaginatedApiResponse> serve)
    {
        var behaviour = new PaginatedApiBehaviour(PastEnd, BareArrays, LoopBackAt, StuckCursorAt, Endless, UnavailableAt);
        return serve(context.Request.Query, behaviour).WriteAsync(context.Response, context.RequestAborted);
    }

    private static int? PageOrNull(int page) => page == 0 ? null : page;

    private static int PageOrZero(int? page)
    {
        if (page is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        }

        return page ?? 0;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
