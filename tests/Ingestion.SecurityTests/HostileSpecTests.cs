using System.Net;
using System.Text;
using System.Text.Json;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.SecurityTests;

/// <summary>
/// Malformed and hostile job specs against the real API and silo, with private networks refused (only the test upstream
/// on 127.0.0.2 is allowlisted). What can be judged from the spec is a 400 naming the field and creates no job; what
/// only shows when connecting (host names that resolve to private addresses, redirects) is accepted, and then the page
/// fails for good with "Refused destination" after one attempt, without a byte reaching the private address.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class HostileSpecTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Urls(params string[] urls) => $$"""{ "source": { "urls": {{JsonSerializer.Serialize(urls)}} } }""";

    private static string With(string fields) => $$"""{ "source": { "urls": ["https://example.com/a"] }, {{fields}} }""";

    /// <summary>(what, body, expected status, the field the problem names).</summary>
    public static TheoryData<string, string, int, string> SubmissionTimeCases => new()
    {
        // Not a spec at all
        { "not JSON", "{ nope", 400, "$" },
        { "empty body", "", 400, "$" },
        { "a JSON array", "[]", 400, "$" },
        { "a JSON string", "\"spec\"", 400, "$" },
        { "JSON null", "null", 400, "$" },
        { "nested 100 deep", new string('[', 100) + new string(']', 100), 400, "$" },
        { "trailing garbage", Urls("https://example.com/") + "}", 400, "$" },
        // Wrong types and missing parts
        { "no source", "{}", 400, "source" },
        { "source is a number", """{ "source": 5 }""", 400, "source" },
        { "urls is a string", """{ "source": { "urls": "https://example.com/" } }""", 400, "source.urls" },
        { "urls is empty", Urls(), 400, "source.urls" },
        { "a url is a number", """{ "source": { "urls": [1] } }""", 400, "source.urls[0]" },
        { "a url is null", """{ "source": { "urls": [null] } }""", 400, "source.urls[0]" },
        { "pages is a string", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": "1-5" } }""", 400, "source.pages" },
        { "concurrency is a string", With("\"concurrency\": \"16\""), 400, "concurrency" },
        { "concurrency is a fraction", With("\"concurrency\": 1.5"), 400, "concurrency" },
        { "headers is an array", With("\"headers\": [\"a\"]"), 400, "headers" },
        { "name is a number", With("\"name\": 5"), 400, "name" },
        { "baseDelaySeconds is a string", With("\"retry\": { \"baseDelaySeconds\": \"NaN\" }"), 400, "retry.baseDelaySeconds" },
        // Numbers: huge, negative, zero
        { "pages.to is 1e400", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": 1, "to": 1e400 } } }""", 400, "source.pages.to" },
        { "pages.to overflows a long", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": 1, "to": 99999999999999999999 } } }""", 400, "source.pages.to" },
        { "pages.from is negative", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": -1, "to": 5 } } }""", 400, "source.pages.from" },
        { "pages.to before from", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": 5, "to": 1 } } }""", 400, "source.pages.to" },
        { "two million pages", """{ "source": { "urlTemplate": "https://example.com/{page}", "pages": { "from": 1, "to": 2000000 } } }""", 400, "source.pages" },
        { "concurrency 0", With("\"concurrency\": 0"), 400, "concurrency" },
        { "concurrency negative", With("\"concurrency\": -5"), 400, "concurrency" },
        { "concurrency a billion", With("\"concurrency\": 1000000000"), 400, "concurrency" },
        { "timeout 0", With("\"requestTimeoutSeconds\": 0"), 400, "requestTimeoutSeconds" },
        { "timeout negative", With("\"requestTimeoutSeconds\": -1"), 400, "requestTimeoutSeconds" },
        { "maxAttempts 0", With("\"retry\": { \"maxAttempts\": 0 }"), 400, "retry.maxAttempts" },
        { "maxAttempts 1000", With("\"retry\": { \"maxAttempts\": 1000 }"), 400, "retry.maxAttempts" },
        { "maxFailedFraction 2", With("\"failure\": { \"maxFailedFraction\": 2 }"), 400, "failure.maxFailedFraction" },
        // Unicode, control characters, header injection
        { "name with a control character", With("\"name\": \"bell\\u0007\""), 400, "name" },
        { "name of 201 characters", With($"\"name\": \"{new string('n', 201)}\""), 400, "name" },
        { "lone surrogate in the name", With("\"name\": \"\\ud800\""), 400, "name" },
        { "lone surrogate in a header name", With("\"headers\": { \"X-\\udc00\": \"v\" }"), 400, "headers" },
        { "lone surrogate in a URL", Urls("x").Replace("\"x\"", "\"https://example.com/\\ud800\"", StringComparison.Ordinal), 400, "source.urls[0]" },
        { "header value with CRLF", With("\"headers\": { \"X-Evil\": \"a\\r\\nInjected: yes\" }"), 400, "headers.X-Evil" },
        { "header value with NUL", With("\"headers\": { \"X-Evil\": \"a\\u0000b\" }"), 400, "headers.X-Evil" },
        { "header value with unicode", With("\"headers\": { \"X-Evil\": \"caf\\u00e9\" }"), 400, "headers.X-Evil" },
        { "header name with a space", With("\"headers\": { \"Bad Name\": \"x\" }"), 400, "headers.Bad Name" },
        { "Host header", With("\"headers\": { \"Host\": \"169.254.169.254\" }"), 400, "headers.Host" },
        { "65 headers", With($"\"headers\": {{ {string.Join(", ", Enumerable.Range(0, 65).Select(i => $"\"X-H{i}\": \"v\""))} }}"), 400, "headers" },
        { "header value of 9000 characters", With($"\"headers\": {{ \"X-Long\": \"{new string('v', 9000)}\" }}"), 400, "headers.X-Long" },
        { "prefix with ..", With("\"destination\": { \"prefix\": \"../../etc\" }"), 400, "destination.prefix" },
        { "absolute prefix", With("\"destination\": { \"prefix\": \"/abs\" }"), 400, "destination.prefix" },
        { "prefix with a backslash", With("\"destination\": { \"prefix\": \"a\\\\b\" }"), 400, "destination.prefix" },
        { "prefix with a control character", With("\"destination\": { \"prefix\": \"a\\u0001b\" }"), 400, "destination.prefix" },
        { "container in capitals", With("\"destination\": { \"container\": \"INGEST\" }"), 400, "destination.container" },
        { "unknown field", With("\"sourc\": 1"), 400, "sourc" },
        { "field in the wrong case", With("\"Concurrency\": 4"), 400, "Concurrency" },
        { "source given twice", """{ "source": { "urls": ["https://example.com/"] }, "source": { "urls": ["https://example.com/"] } }""", 400, "source" },
        // URLs
        { "template without {page}", """{ "source": { "urlTemplate": "https://example.com/items", "pages": { "from": 1, "to": 5 } } }""", 400, "source.urlTemplate" },
        { "relative URL", Urls("/etc/passwd"), 400, "source.urls[0]" },
        { "file: URL", Urls("file:///etc/passwd"), 400, "source.urls[0]" },
        { "ftp: URL", Urls("ftp://ftp.example.com/pub"), 400, "source.urls[0]" },
        { "javascript: URL", Urls("javascript:alert(1)"), 400, "source.urls[0]" },
        { "credentials in the URL", Urls("https://user:secret@example.com/"), 400, "source.urls[0]" },
        { "URL of 9000 characters", Urls("https://example.com/" + new string('a', 9000)), 400, "source.urls[0]" },
        { "127.0.0.1", Urls("http://127.0.0.1/"), 400, "source.urls[0]" },
        { "10.x", Urls("http://10.0.0.1/"), 400, "source.urls[0]" },
        { "172.16.x", Urls("http://172.16.0.1/"), 400, "source.urls[0]" },
        { "192.168.x", Urls("http://192.168.1.1/"), 400, "source.urls[0]" },
        { "carrier-grade NAT", Urls("http://100.64.0.1/"), 400, "source.urls[0]" },
        { "cloud metadata", Urls("http://169.254.169.254/latest/meta-data/iam/security-credentials/"), 400, "source.urls[0]" },
        { "0.0.0.0", Urls("http://0.0.0.0/"), 400, "source.urls[0]" },
        { "[::1]", Urls("http://[::1]/"), 400, "source.urls[0]" },
        { "[::ffff:127.0.0.1]", Urls("http://[::ffff:127.0.0.1]/"), 400, "source.urls[0]" },
        { "[::ffff:a9fe:a9fe] (metadata, mapped)", Urls("http://[::ffff:a9fe:a9fe]/"), 400, "source.urls[0]" },
        { "unique-local IPv6", Urls("http://[fd00::1]/"), 400, "source.urls[0]" },
        { "link-local IPv6", Urls("http://[fe80::1]/"), 400, "source.urls[0]" },
        { "decimal 2130706433", Urls("http://2130706433/"), 400, "source.urls[0]" },
        { "octal 017700000001", Urls("http://017700000001/"), 400, "source.urls[0]" },
        { "hex 0x7f.1", Urls("http://0x7f.1/"), 400, "source.urls[0]" },
        { "short 127.1", Urls("http://127.1/"), 400, "source.urls[0]" },
        { "full-width dots", Urls("http://127\u30020\u30020\u30021/"), 400, "source.urls[0]" },
        { "metadata in the second URL", Urls("https://example.com/", "http://169.254.169.254/"), 400, "source.urls[1]" },
        { "template over 10.x", """{ "source": { "urlTemplate": "http://10.0.0.{page}/", "pages": { "from": 1, "to": 5 } } }""", 400, "source.urlTemplate" },
    };

    [Theory]
    [MemberData(nameof(SubmissionTimeCases))]
    public async Task A_hostile_spec_is_refused_naming_the_field_and_creates_no_job(string what, string body, int status, string field)
    {
        var before = await environment.Api.JobCountAsync();

        using var response = await environment.Api.PostJobAsync(body);

        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{what}: no error for '{field}' in {problem.RootElement}");
        Assert.Equal(before, await environment.Api.JobCountAsync());
        Assert.Empty(environment.Canary.Requests);
    }

    [Fact]
    public async Task An_enormous_url_list_is_refused_and_creates_no_job()
    {
        var before = await environment.Api.JobCountAsync();
        var body = new StringBuilder("""{ "source": { "urls": [""");
        for (var i = 0; i < 1_000_001; i++)
        {
            body.Append(i == 0 ? "\"https://a.io/\"" : ",\"https://a.io/\"");
        }

        using var response = await environment.Api.PostJobAsync(body.Append("] } }").ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Contains("at most 1000000", problem.RootElement.GetProperty("errors").GetProperty("source.urls")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await environment.Api.JobCountAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_creates_no_job()
    {
        var before = await environment.Api.JobCountAsync();
        var padding = new string(' ', 17 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = new StringContent(Urls("https://example.com/") + padding, Encoding.UTF8, "application/json"),
        };
        // The API answers from the Content-Length alone; the client waits for that answer rather than sending 17 MiB.
        request.Headers.ExpectContinue = true;

        using var response = await environment.Api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await environment.Api.JobCountAsync());
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_without_a_length_is_a_413_and_creates_no_job()
    {
        var before = await environment.Api.JobCountAsync();
        var bytes = Encoding.UTF8.GetBytes(Urls("https://example.com/") + new string(' ', 17 * 1024 * 1024));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await environment.Api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await environment.Api.JobCountAsync());
    }

    /// <summary>(what, how to build the URL from the allowed upstream and the canary on 127.0.0.1, what the refusal says).</summary>
    public static TheoryData<string, string> FetchTimeCases => new()
    {
        { "localhost, which resolves to loopback", "resolves only to blocked addresses" },
        { "a redirect to 127.0.0.1", "127.0.0.0/8 (loopback)" },
        { "a redirect to localhost", "resolves only to blocked addresses" },
        { "a redirect to the cloud metadata endpoint", "169.254.0.0/16" },
        { "a redirect to [::ffff:127.0.0.1]", "127.0.0.0/8 (loopback)" },
        { "a redirect to 2130706433", "127.0.0.0/8 (loopback)" },
        { "a redirect to a file: URL", "'file'" },
        { "a redirect to an ftp: URL", "'ftp'" },
        { "six redirects", "More than 5 redirects" },
    };

    private string FetchTimeUrl(string what)
    {
        var canaryPort = environment.Canary.Port;
        var upstream = environment.Upstream;
        return what switch
        {
            "localhost, which resolves to loopback" => $"http://localhost:{canaryPort}/page/1",
            "a redirect to 127.0.0.1" => upstream.RedirectUrl($"http://127.0.0.1:{canaryPort}/page/1"),
            "a redirect to localhost" => upstream.RedirectUrl($"http://localhost:{canaryPort}/page/1"),
            "a redirect to the cloud metadata endpoint" => upstream.RedirectUrl("http://169.254.169.254/latest/meta-data/"),
            "a redirect to [::ffff:127.0.0.1]" => upstream.RedirectUrl($"http://[::ffff:127.0.0.1]:{canaryPort}/page/1"),
            "a redirect to 2130706433" => upstream.RedirectUrl($"http://2130706433:{canaryPort}/page/1"),
            "a redirect to a file: URL" => upstream.RedirectUrl("file:///etc/passwd"),
            "a redirect to an ftp: URL" => upstream.RedirectUrl("ftp://ftp.example.com/pub"),
            "six redirects" => Enumerable.Range(0, 6).Aggregate(upstream.PageUrl(1), (url, _) => upstream.RedirectUrl(url)),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    [Theory]
    [MemberData(nameof(FetchTimeCases))]
    public async Task A_destination_refused_at_connect_time_fails_the_page_for_good_without_reaching_it(string what, string reason)
    {
        var spec = $$"""{ "source": { "urls": [{{JsonSerializer.Serialize(FetchTimeUrl(what))}}] }, "retry": { "maxAttempts": 5, "baseDelaySeconds": 0.01 } }""";

        using var response = await environment.Api.PostJobAsync(spec);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await environment.Api.WaitForEndAsync(response.Headers.Location!.OriginalString);

        // Its only page failed: nothing was stored, so the job failed.
        Assert.Equal(JobStatus.Failed, job.Status);
        var page = Assert.Single(await environment.Api.PagesAsync(job.Id));
        Assert.Equal(PageStatus.Failed, page.Status);
        Assert.Equal(1, page.Attempts);
        Assert.StartsWith("Refused destination: ", page.Error, StringComparison.Ordinal);
        Assert.Contains(reason, page.Error, StringComparison.Ordinal);
        Assert.Equal(PageFailureKind.Refused, page.FailureKind);
        Assert.Empty(environment.Canary.Requests);
    }

    [Fact]
    public async Task Five_redirects_within_the_allowed_upstream_are_followed()
    {
        var upstream = environment.Upstream;
        var url = Enumerable.Range(0, 5).Aggregate(upstream.PageUrl(7), (current, _) => upstream.RedirectUrl(current));

        using var response = await environment.Api.PostJobAsync(Urls(url));

        var job = await environment.Api.WaitForEndAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(JobStatus.Completed, job.Status);
    }
}
