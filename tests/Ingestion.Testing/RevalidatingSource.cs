using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Ingestion.Testing;

/// <summary>
/// A source of numbered pages that answers conditional requests as a careful server does (RFC 9110 §13):
/// <c>GET /pages/{n}</c> sends the page with its <c>ETag</c> and <c>Last-Modified</c> (or only one of them), and a
/// <c>304 Not Modified</c> when <c>If-None-Match</c> names its current ETag or, without one, <c>If-Modified-Since</c> is
/// no earlier than its last change. <see cref="Change"/> makes a new version of a page. Bound to 127.0.0.1.
/// </summary>
public sealed class RevalidatingSource : IAsyncDisposable
{
    private static readonly DateTimeOffset FirstVersionAt = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly int[] _versions;
    private readonly RevalidatingSourceValidators _validators;
    private readonly int _pageBytes;
    private int _full;
    private int _notModified;
    private int _conditional;

    private RevalidatingSource(WebApplication app, int pages, RevalidatingSourceValidators validators, int pageBytes)
    {
        _app = app;
        _versions = new int[pages];
        _validators = validators;
        _pageBytes = pageBytes;
    }

    /// <summary>The URL template of a job over every page.</summary>
    public string UrlTemplate => $"http://127.0.0.1:{LoopbackServer.PortOf(_app)}/pages/{{page}}";

    public int Pages => _versions.Length;

    /// <summary>Answers with a body (200).</summary>
    public int Full => Volatile.Read(ref _full);

    /// <summary>Answers without one (304).</summary>
    public int NotModified => Volatile.Read(ref _notModified);

    /// <summary>Requests that carried <c>If-None-Match</c> or <c>If-Modified-Since</c>.</summary>
    public int Conditional => Volatile.Read(ref _conditional);

    public static async Task<RevalidatingSource> StartAsync(
        int pages, RevalidatingSourceValidators validators, CancellationToken cancellationToken, int pageBytes = 2048)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback).Build();
        var source = new RevalidatingSource(app, pages, validators, pageBytes);
        app.UseRouting();
        app.MapGet("/pages/{page:int}", source.Page);
        await app.StartAsync(cancellationToken);
        return source;
    }

    /// <summary>Makes a new version of <paramref name="page"/>: a new body, a new ETag, a later Last-Modified.</summary>
    public void Change(int page) => Interlocked.Increment(ref _versions[page - 1]);

    /// <summary>The body <paramref name="page"/> has now, as a fresh request receives it.</summary>
    public byte[] BodyOf(int page) => Body(page, Volatile.Read(ref _versions[page - 1]));

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _full, 0);
        Interlocked.Exchange(ref _notModified, 0);
        Interlocked.Exchange(ref _conditional, 0);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task Page(HttpContext context, int page)
    {
        if (page < 1 || page > _versions.Length)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var version = Volatile.Read(ref _versions[page - 1]);
        var etag = $"\"p{page}-v{version}\"";
        var lastModified = FirstVersionAt.AddHours(version);
        var request = context.Request.Headers;
        var ifNoneMatch = request[HeaderNames.IfNoneMatch].ToString();
        var ifModifiedSince = request[HeaderNames.IfModifiedSince].ToString();
        if (ifNoneMatch.Length > 0 || ifModifiedSince.Length > 0)
        {
            Interlocked.Increment(ref _conditional);
        }

        var headers = context.Response.Headers;
        if (_validators.HasFlag(RevalidatingSourceValidators.ETag))
        {
            headers.ETag = etag;
        }

        if (_validators.HasFlag(RevalidatingSourceValidators.LastModified))
        {
            headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        }

        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
        var unchanged = ifNoneMatch.Length > 0
            ? _validators.HasFlag(RevalidatingSourceValidators.ETag) && ifNoneMatch.Split(',').Any(tag => tag.Trim() == etag)
            : _validators.HasFlag(RevalidatingSourceValidators.LastModified)
                && DateTimeOffset.TryParse(ifModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
                && since >= lastModified;
        if (unchanged)
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        Interlocked.Increment(ref _full);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Body(page, version), context.RequestAborted);
    }

    private byte[] Body(int page, int version)
    {
        // One record per page, in "items", for jobs that write records.
        var head = $"{{\"page\":{page},\"version\":{version},\"items\":[{{\"page\":{page},\"version\":{version}}}],\"filler\":\"";
        const string Tail = "\"}";
        var filler = new string((char)('a' + ((page + version) % 26)), Math.Max(0, _pageBytes - head.Length - Tail.Length));
        return Encoding.UTF8.GetBytes(head + filler + Tail);
    }
}

/// <summary>Which validators a <see cref="RevalidatingSource"/> sends.</summary>
[Flags]
public enum RevalidatingSourceValidators
{
    ETag = 1,
    LastModified = 2,
    Both = ETag | LastModified,
}
