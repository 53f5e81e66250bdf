using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Ingestion.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ingestion.SecurityTests;

/// <summary>
/// A small HTTP server on a loopback address of our choosing: <c>/page/{n}</c> answers JSON, <c>/redirect?to=URL</c>
/// answers 302 to that URL. It records every request with its headers, to show what reached it and what did not.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestUpstream(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Port => new Uri(BaseUrl).Port;

    public ConcurrentQueue<(string PathAndQuery, Dictionary<string, string> Headers)> Requests { get; } = new();

    public string PageUrl(int page) => $"{BaseUrl}/page/{page.ToString(CultureInfo.InvariantCulture)}";

    public string RedirectUrl(string to) => $"{BaseUrl}/redirect?to={Uri.EscapeDataString(to)}";

    public static async Task<TestUpstream> StartAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(address).Build();
        TestUpstream? upstream = null;
        app.Use(async (context, next) =>
        {
            upstream!.Requests.Enqueue((
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        app.MapGet("/page/{page:int}", (int page) => Results.Json(new { page, items = new[] { "a", "b" } }));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        await app.StartAsync(cancellationToken);
        var port = LoopbackServer.PortOf(app);
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        upstream = new TestUpstream(app, $"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}");
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
