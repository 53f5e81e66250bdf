using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

public sealed class UpstreamContentTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private UpstreamServer _upstream = null!;

    public async ValueTask InitializeAsync() =>
        _upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task JsonPageIsExpectedContentPaddedToBodySize()
    {
        _upstream.BodySize = 2000;

        using var response = await _http.GetAsync(_upstream.PageUrl(3), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2000, body.Length);
        Assert.Equal(UpstreamServer.ExpectedContent(3, 2000), body);
        Assert.Equal(UpstreamServer.ExpectedSha256(3, 2000), Convert.ToHexStringLower(SHA256.HashData(body)));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(3, json.RootElement.GetProperty("page").GetInt32());
        Assert.Equal(10, json.RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(UpstreamContentKind.Json, "/pages/5", "application/json")]
    [InlineData(UpstreamContentKind.Text, "/text/5", "text/plain")]
    [InlineData(UpstreamContentKind.Html, "/html/5", "text/html")]
    [InlineData(UpstreamContentKind.Binary, "/bin/5", "application/octet-stream")]
    public async Task EachRouteServesItsKindOfContent(UpstreamContentKind kind, string path, string mediaType)
    {
        using var response = await _http.GetAsync(
            $"{_upstream.BaseUrl}{path}?size=700", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UpstreamServer.ExpectedContent(5, 700, kind), body);
        Assert.Equal(700, body.Length);
        Assert.Equal($"{_upstream.BaseUrl}{path}", _upstream.PageUrl(5, kind));
    }

    [Theory]
    [InlineData(UpstreamContentKind.Json)]
    [InlineData(UpstreamContentKind.Text)]
    [InlineData(UpstreamContentKind.Html)]
    [InlineData(UpstreamContentKind.Binary)]
    public void ExpectedContentIsStableAndDiffersBetweenPages(UpstreamContentKind kind)
    {
        Assert.Equal(UpstreamServer.ExpectedContent(1, 4096, kind), UpstreamServer.ExpectedContent(1, 4096, kind));
        Assert.NotEqual(UpstreamServer.ExpectedContent(1, 4096, kind), UpstreamServer.ExpectedContent(2, 4096, kind));
        Assert.Equal(4096, UpstreamServer.ExpectedContent(1, 4096, kind).Length);
    }

    [Fact]
    public void TooSmallJsonPageStaysWellFormed()
    {
        using var json = JsonDocument.Parse(UpstreamServer.ExpectedContent(9, 10));

        Assert.Equal(9, json.RootElement.GetProperty("page").GetInt32());
    }

    [Fact]
    public void ServerListensOnLoopback()
    {
        Assert.Equal($"http://127.0.0.1:{_upstream.Port}", _upstream.BaseUrl);
        Assert.NotEqual(0, _upstream.Port);
    }
}
