using System.Net;
using System.Text;
using System.Text.Json;

namespace Ingestion.SecurityTests;

/// <summary>Every /api endpoint needs the API key; the health checks do not.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthenticationTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> ApiEndpoints => new()
    {
        { "POST", "/api/jobs" },
        { "GET", "/api/jobs" },
        { "GET", "/api/jobs?take=5" },
        { "GET", "/api/jobs/0193a000-0000-7000-8000-000000000999" },
        { "GET", "/api/jobs/not-a-job" },
        { "GET", "/api/jobs/0193a000-0000-7000-8000-000000000999/pages?status=failed" },
        { "POST", "/api/jobs/0193a000-0000-7000-8000-000000000999/cancel" },
        { "GET", "/api/jobs?take=-1" },
    };

    private static readonly Dictionary<string, string[]> WrongKeySets = new()
    {
        ["no header"] = [],
        ["empty"] = [""],
        ["wrong"] = ["wrong-key"],
        ["a space inside"] = [SecurityEnvironment.ApiKey.Insert(8, " ")],
        ["other case"] = [SecurityEnvironment.ApiKey.ToUpperInvariant()],
        ["one character short"] = [SecurityEnvironment.ApiKey[..^1]],
        ["one character more"] = [SecurityEnvironment.ApiKey + "x"],
        ["given twice"] = [SecurityEnvironment.ApiKey, SecurityEnvironment.ApiKey],
        ["right and wrong"] = [SecurityEnvironment.ApiKey, "wrong-key"],
    };

    public static TheoryData<string> WrongKeys => [.. WrongKeySets.Keys];

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Every_api_endpoint_answers_401_problem_details_without_a_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("""{ "source": { "urls": ["https://example.com/"] } }""", Encoding.UTF8, "application/json") : null,
        };

        using var response = await environment.Anonymous.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("X-Api-Key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, value => value.Scheme == "ApiKey");
    }

    [Theory]
    [MemberData(nameof(WrongKeys))]
    public async Task A_wrong_empty_or_repeated_key_is_401_and_creates_no_job(string wrongKey)
    {
        var keys = WrongKeySets[wrongKey];
        var before = await JobCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = new StringContent($$"""{ "source": { "urls": ["{{environment.Upstream.PageUrl(1)}}"] } }""", Encoding.UTF8, "application/json"),
        };
        if (keys.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", keys);
        }

        using var response = await environment.Anonymous.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await JobCountAsync());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_checks_stay_anonymous(string path)
    {
        using var response = await environment.Anonymous.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_right_key_is_let_in()
    {
        using var list = await environment.Api.GetAsync("/api/jobs", Cancellation);
        using var unknown = await environment.Api.GetAsync("/api/jobs/0193a000-0000-7000-8000-000000000999", Cancellation);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private Task<int> JobCountAsync() => environment.Api.JobCountAsync();
}
