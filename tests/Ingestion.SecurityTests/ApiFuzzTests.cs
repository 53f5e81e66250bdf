using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Ingestion.SecurityTests;

/// <summary>
/// Random and half-valid bodies posted to the real API: every answer is a 202 or a 4xx problem, never a 500. Jobs that
/// happen to be valid point at a closed port on the allowed upstream address and are cancelled at once.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class ApiFuzzTests(SecurityEnvironment environment)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly string[] Urls =
    [
        "http://127.0.0.2:1/p/{page}", "http://127.0.0.2:1/p", "http://127.0.0.1/{page}", "http://[::1]/{page}",
        "http://0x7f.1/{page}", "http://2130706433/", "http://169.254.169.254/{page}", "file:///etc/passwd", "ftp://x/{page}",
        "http://user:pw@127.0.0.2:1/{page}", "http://127.0.0.2:99999/", "http://[::1", "", "{page}", "\u202Ehttp://x/",
    ];

    private static readonly string[] Values =
    [
        "0", "-1", "1", "16", "257", "1e400", "99999999999999999999", "0.5", "true", "null", "\"\"", "\"x\"", "[]", "{}",
        "\"\\u0000\"", "\"a\\r\\nb\"", "\"\\ud800\"", "\"😀\"", "[1,2,3]", "{\"a\":{\"b\":{\"c\":[]}}}",
    ];

    private static readonly string[] Fields =
    [
        "name", "headers", "concurrency", "requestTimeoutSeconds", "retry", "destination", "failure", "Source", "",
        "maxAttempts", "prefix", "container", "\u0000",
    ];

    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static readonly Gen<string> Source = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf(Urls), Gen.OneOf(Values), Gen.OneOf(Values))
            .Select(t => $"{{\"urlTemplate\":{Str(t.Item1)},\"pages\":{{\"from\":{t.Item2},\"to\":{t.Item3}}}}}")),
        (3, Gen.OneOf(Urls).Array[0, 4].Select(urls => $"{{\"urls\":[{string.Join(",", urls.Select(Str))}]}}")),
        (2, Gen.Int[1, 3].Select(count => $"{{\"urls\":[{string.Join(",", Enumerable.Repeat(Str(Urls[1]), count))}]}}")),
        (1, Gen.OneOf(Values)));

    private static readonly Gen<string> Headers = Gen.Select(Gen.String[0, 12], Gen.Frequency((3, Gen.String[0, 20].Select(Str)), (1, Gen.OneOf(Values))))
        .Array[0, 4]
        .Select(headers => $"{{{string.Join(",", headers.Select(h => $"{Str(h.Item1)}:{h.Item2}"))}}}");

    private static readonly Gen<string> Spec = Gen.Select(
            Source,
            Gen.Frequency(
                (1, Gen.Const(Array.Empty<(string, string)>())),
                (2, Gen.Select(Gen.OneOf(Fields), Gen.Frequency((3, Gen.OneOf(Values)), (1, Headers))).Array[1, 5])),
            Gen.Bool)
        .Select(t => $"{{\"source\":{t.Item1}{string.Concat(t.Item2.Select(f => $",{Str(f.Item1)}:{f.Item2}"))}"
            + (t.Item3 ? ",\"retry\":{\"maxAttempts\":1}" : "") + "}");

    private static readonly Gen<byte[]> Bytes = Gen.Frequency(
        (4, Spec.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 64]),
        (1, Gen.String[0, 64].Select(Encoding.UTF8.GetBytes)));

    [Fact]
    public async Task No_body_makes_the_api_answer_500()
    {
        var answered = new Dictionary<HttpStatusCode, int>();
        await Bytes.SampleAsync(async body =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await environment.Api.PostAsync("/api/jobs", content, Cancellation);
            answered[response.StatusCode] = answered.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True(
                response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest,
                $"{(int)response.StatusCode} for {Encoding.UTF8.GetString(body)}: {await response.Content.ReadAsStringAsync(Cancellation)}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var cancel = await environment.Api.PostAsync($"{response.Headers.Location}/cancel", null, Cancellation);
                Assert.True(cancel.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict);
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }, iter: 400, threads: 1);

        // The generator reaches both sides of the validator, or the property says little.
        Assert.True(answered.GetValueOrDefault(HttpStatusCode.Accepted) > 0, "No generated spec was valid.");
        Assert.True(answered.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "No generated spec was invalid.");
    }
}
