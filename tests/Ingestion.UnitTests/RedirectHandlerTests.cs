using Ingestion.Networking;
using System.Net;
using Ingestion.Fetching;
using Ingestion.Politeness.Robots;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests;

public class RedirectHandlerTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Answers each URL from a table (a redirect or a 200), recording every request it is sent.</summary>
    private sealed class ScriptedServer(Dictionary<string, string?> redirects) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var url = request.RequestUri!.ToString();
            if (redirects.TryGetValue(url, out var location) && location is not null)
            {
                var response = new HttpResponseMessage(HttpStatusCode.Found);
                response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
                return Task.FromResult(response);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(url) });
        }
    }

    private static (HttpClient Client, ScriptedServer Server) Client(Dictionary<string, string?> redirects, int maxRedirects = 5)
    {
        var server = new ScriptedServer(redirects);
        var handler = new RedirectHandler(Options.Create(new OutboundOptions { MaxRedirects = maxRedirects })) { InnerHandler = server };
        return (new HttpClient(handler), server);
    }

    [Fact]
    public async Task Five_redirects_are_followed_to_the_end()
    {
        var chain = Enumerable.Range(0, 6).ToDictionary(hop => $"https://a.example/{hop}", hop => hop < 5 ? $"https://a.example/{hop + 1}" : null);
        var (client, server) = Client(chain);
        using var _ = client;

        using var response = await client.GetAsync("https://a.example/0", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://a.example/5", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task A_sixth_redirect_is_refused()
    {
        var chain = Enumerable.Range(0, 7).ToDictionary(hop => $"https://a.example/{hop}", hop => (string?)$"https://a.example/{hop + 1}");
        var (client, server) = Client(chain);
        using var _ = client;

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(() => client.GetAsync("https://a.example/0", Cancellation));

        Assert.Contains("More than 5 redirects", refused.Message, StringComparison.Ordinal);
        Assert.Equal(6, server.Requests.Count);
    }

    [Theory]
    [InlineData("http://a.example/plain", "from https down to http")]
    [InlineData("ftp://a.example/file", "'ftp'")]
    [InlineData("file:///etc/passwd", "'file'")]
    [InlineData("gopher://a.example/", "'gopher'")]
    public async Task Downgrades_and_other_schemes_are_refused(string location, string reason)
    {
        var (client, server) = Client(new() { ["https://a.example/start"] = location });
        using var _ = client;

        var refused = await Assert.ThrowsAsync<DestinationRefusedException>(() => client.GetAsync("https://a.example/start", Cancellation));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_upgrade_from_http_to_https_and_a_relative_location_are_followed()
    {
        var (client, server) = Client(new() { ["http://a.example/1"] = "https://a.example/2", ["https://a.example/2"] = "/3?x=1" });
        using var _ = client;

        using var response = await client.GetAsync("http://a.example/1", Cancellation);

        Assert.Equal("https://a.example/3?x=1", await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Credentials_go_along_to_the_same_origin_only()
    {
        var (client, server) = Client(new() { ["https://a.example/1"] = "https://a.example/2", ["https://a.example/2"] = "https://cdn.example/3" });
        using var _ = client;
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://a.example/1");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer secret-token");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "secret-key");
        request.Headers.TryAddWithoutValidation("Cookie", "session=secret");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sameOrigin = server.Requests[1];
        Assert.True(sameOrigin.Headers.Contains("Authorization"));
        Assert.True(sameOrigin.Headers.Contains("X-Api-Key"));
        var otherOrigin = server.Requests[2];
        Assert.Equal("https://cdn.example/3", otherOrigin.RequestUri!.ToString());
        Assert.False(otherOrigin.Headers.Contains("Authorization"));
        Assert.False(otherOrigin.Headers.Contains("X-Api-Key"));
        Assert.False(otherOrigin.Headers.Contains("Cookie"));
        Assert.Equal("application/json", otherOrigin.Headers.Accept.Single().MediaType);
    }

    [Fact]
    public async Task The_request_options_go_along_with_every_hop_to_any_origin()
    {
        var (client, server) = Client(new() { ["https://a.example/1"] = "https://a.example/2", ["https://a.example/2"] = "https://b.example/3" });
        using var _ = client;
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://a.example/1");
        request.Options.Set(RobotsTxtHandler.RespectRobotsTxt, true);

        using var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, hop =>
        {
            Assert.True(hop.Options.TryGetValue(RobotsTxtHandler.RespectRobotsTxt, out var respect), $"{hop.RequestUri} lost the option");
            Assert.True(respect);
        });
    }

    [Fact]
    public async Task With_no_redirects_allowed_the_first_is_refused()
    {
        var (client, _) = Client(new() { ["https://a.example/1"] = "https://a.example/2" }, maxRedirects: 0);
        using var _ = client;

        await Assert.ThrowsAsync<DestinationRefusedException>(() => client.GetAsync("https://a.example/1", Cancellation));
    }
}
