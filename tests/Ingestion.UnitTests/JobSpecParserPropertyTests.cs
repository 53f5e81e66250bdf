using Ingestion.Networking;
using System.Text;
using System.Text.Json;
using CsCheck;
using Ingestion.Api.Jobs;
using Ingestion.Api.Security;
using Ingestion.Jobs;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests;

/// <summary>
/// Property-based tests of the job spec parser: whatever JSON arrives, it answers with a spec or with errors, never with
/// an exception (which the API would turn into a 500), and a spec it accepts keeps every promise the grains rely on.
/// </summary>
public class JobSpecParserPropertyTests
{
    private static readonly string[] FieldNames =
    [
        "name", "source", "headers", "concurrency", "requestTimeoutSeconds", "retry", "destination", "failure", "kind",
        "urlTemplate", "pages", "from", "to", "urls", "maxAttempts", "baseDelaySeconds", "maxDelaySeconds", "container",
        "prefix", "maxFailedPages", "maxFailedFraction", "failFast", "Name", "SOURCE", "Authorization", "Host",
        "Content-Type", "X-Api-Key", "", " ", "__proto__", "\u0000", "ünïcödé", "a\r\nb", "maxPages", "pageSize",
        "stopWhenEmpty", "totalPages", "totalItems", "urlsBlob", "url", "next", "header", "jsonPointer", "linkLast",
        "linkHeader", "cursorPointer", "cursorParam",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "16", "256", "257", "1000000", "1000001", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "1e400",
        "-1e400", "1e-400", "0.5", "1.5", "0.001", "0.0001", "3600", "3600.0001", "86400", "86401", "1E2", "4.9e-324",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "x", "ingest", "example/items", "../../etc", "/abs", "a//b", "a\\b", "a/./b", "ingest--x", "UPPER",
        "https://api.example.com/items?page={page}", "https://api.example.com/items", "http://127.0.0.1/{page}",
        "http://0x7f.1/", "http://2130706433/", "http://[::1]/", "http://[::ffff:127.0.0.1]/{page}", "http://10.0.0.{page}/",
        "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://x/{page}", "javascript:alert(1)",
        "http://user:pw@example.com/{page}", "https://xn--nxa.example/{page}", "https://ex\u0000ample.com/", "http://[::1",
        "http://example.com:99999/", "https://exa mple.com/", "\u202Ehttps://evil.example/", "range", "list", "Range",
        "Bearer secret", "a\r\nInjected: yes", "\t", "\uD800", "😀😀😀", new string('a', 10_000), "{page}", "http://{page}/",
        "https://example.com/{page}{page}", "http://127.0.0.1./", "http://localhost/{page}", "follow", "/items", "/",
        "~", "/a~2b", "/a~1b/~0c", "items", "X-Total-Pages", "X Total", "cursor", "a b", "inputs", "lists/urls.txt",
        "https://example.com:{page}/", "https://api.example.com/items?offset={offset}&limit={limit}",
    ];

    // Plausible and broken values of the fields that say how a page is read.
    private static readonly string[] Totals =
    [
        """{"header":"X-Total-Pages"}""", """{"jsonPointer":"/total"}""", """{"jsonPointer":""}""", """{"linkLast":true}""",
        """{"linkLast":false}""", """{"header":"X Y"}""", """{}""", """{"header":"X","jsonPointer":"/t"}""", """{"jsonPointer":"t~"}""",
    ];

    private static readonly string[] Nexts =
    [
        """{"linkHeader":true}""", """{"jsonPointer":"/next"}""", """{"cursorPointer":"/c","cursorParam":"cursor"}""",
        """{"cursorPointer":"/c"}""", """{"cursorParam":"cursor"}""", """{"linkHeader":false}""", """{}""",
        """{"cursorPointer":"/c","cursorParam":"a b"}""", """{"linkHeader":true,"jsonPointer":"/next"}""",
    ];

    // Written as JSON text, not through a serializer (which would replace a lone surrogate).
    private static readonly string[] RawJsonStrings =
    [
        "\"\\ud800\"", "\"a\\udc00b\"", "\"\\ud800\\u0041\"", "\"\\udfff\\ud800\"", "\"\\u0000\"",
        "\"https://example.com/\\ud800{page}\"",
    ];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (1, Gen.OneOf(RawJsonStrings)),
        (4, Gen.OneOf(Numbers)),
        (4, Gen.OneOf(Strings).Select(JsonString)),
        (2, Gen.String.Select(JsonString)),
        (1, Gen.Char.Array[0, 40].Select(chars => JsonString(new string(chars)))),
        (1, Gen.OneOf("true", "false", "null")),
        (1, Gen.Long.Select(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(value => double.IsFinite(value) ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0")));

    private static readonly Gen<string> Json = Gen.Recursive<string>((depth, json) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (2, json.Array[0, 6].Select(items => $"[{string.Join(",", items)}]")),
            (4, Gen.Select(Gen.Frequency((9, Gen.OneOf(FieldNames).Select(JsonString)), (1, Gen.OneOf(RawJsonStrings))), json).Array[0, 8]
                .Select(fields => $"{{{string.Join(",", fields.Select(field => $"{field.Item1}:{field.Item2}"))}}}"))));

    /// <summary>What an open range may carry after its pages: a total, a pointer, a page size, each plausible or not.</summary>
    private static readonly Gen<string> OpenRangeExtras =
        Gen.Frequency(
            (2, Gen.OneOf(Totals).Select(total => $",\"totalPages\":{total}")),
            (2, Gen.Select(Gen.OneOf(Totals), Gen.OneOf(Numbers)).Select(t => $",\"totalItems\":{t.Item1},\"pageSize\":{t.Item2}")),
            (1, Gen.OneOf(Totals).Select(total => $",\"totalItems\":{total}")),
            (2, Gen.OneOf(Strings).Select(pointer => $",\"stopWhenEmpty\":{JsonString(pointer)}")),
            (1, Gen.Select(Gen.OneOf(Strings), Gen.OneOf(Totals)).Select(t => $",\"stopWhenEmpty\":{JsonString(t.Item1)},\"totalPages\":{t.Item2}")),
            (1, Gen.OneOf(Numbers).Select(size => $",\"pageSize\":{size}")),
            (2, Gen.Const("")))
        .Array[1, 2]
        .Select(parts => string.Concat(parts));

    /// <summary>Objects shaped like a spec, each field either plausible or arbitrary.</summary>
    private static readonly Gen<string> SpecLike =
        Gen.Select(
            Gen.Frequency(
                (3, Gen.Select(Gen.OneOf(Strings), Gen.OneOf(Numbers), Gen.OneOf(Numbers))
                    .Select(t => $$$"""{"urlTemplate":{{{JsonString(t.Item1)}}},"pages":{"from":{{{t.Item2}}},"to":{{{t.Item3}}}}}""")),
                (3, Gen.OneOf(Strings).Select(JsonString).Array[0, 5].Select(urls => $$$"""{"urls":[{{{string.Join(",", urls)}}}]}""")),
                (3, Gen.Select(Gen.OneOf(Strings), Gen.OneOf(Numbers), OpenRangeExtras)
                    .Select(t => $$$"""{"urlTemplate":{{{JsonString(t.Item1)}}},"pages":{"from":{{{t.Item2}}}}{{{t.Item3}}}}""")),
                (2, Gen.Select(Gen.OneOf(Strings), Gen.OneOf(Strings))
                    .Select(t => $$$"""{"urlsBlob":{"container":{{{JsonString(t.Item1)}}},"name":{{{JsonString(t.Item2)}}}}}""")),
                (3, Gen.Select(Gen.OneOf(Strings), Gen.Frequency((3, Gen.OneOf(Nexts)), (1, Json)))
                    .Select(t => $$$"""{"url":{{{JsonString(t.Item1)}}},"next":{{{t.Item2}}}}""")),
                (1, Json)),
            Gen.Select(Gen.OneOf(FieldNames), Gen.Frequency((1, Scalar), (1, Json))).Array[0, 6])
        .Select(t => $"{{\"source\":{t.Item1}{string.Concat(t.Item2.Select(field => $",{JsonString(field.Item1)}:{field.Item2}"))}}}");

    private static string JsonString(string value) => JsonSerializer.Serialize(value);

    private static readonly JobSpecParser Parser = new(
        Options.Create(new JobLimits()),
        Options.Create(new OutboundOptions()));

    [Fact]
    public void Any_json_document_gets_a_spec_or_errors_and_never_an_exception()
    {
        Json.Sample(json => ParseAndCheck(json), iter: 20_000, threads: 1);
    }

    [Fact]
    public void Any_spec_like_document_gets_a_spec_or_errors_and_never_an_exception()
    {
        SpecLike.Sample(json => ParseAndCheck(json), iter: 20_000, threads: 1);
    }

    [Fact]
    public void Arbitrary_bytes_are_refused_as_json_or_parsed_without_an_exception()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
                return; // the API answers 400 "not valid JSON"
            }

            using (document)
            {
                ParseAndCheck(document.RootElement);
            }
        }, iter: 5_000, threads: 1);
    }

    private static void ParseAndCheck(string json)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        ParseAndCheck(document.RootElement);
    }

    private static void ParseAndCheck(JsonElement root)
    {
        var errors = new ValidationErrors();
        var spec = Parser.Parse(root, errors);
        var reported = errors.ToDictionary();

        if (spec is null)
        {
            Assert.True(errors.Any, "A spec was refused without saying why.");
            Assert.InRange(reported.Values.Sum(messages => messages.Length), 1, ValidationErrors.MaxErrors + 1);
            return;
        }

        Assert.False(errors.Any);
        // What the grains rely on: a page budget and a page count that fit, http(s) URLs without credentials, a source
        // that says exactly one way to go on, bounds kept.
        Assert.InRange(spec.MaxPages, 1, new JobLimits().MaxPagesPerJob);
        CheckSource(spec.Source, spec.MaxPages);

        Assert.InRange(spec.Concurrency, JobDefaults.MinConcurrency, JobDefaults.MaxConcurrency);
        Assert.InRange(spec.RequestTimeoutSeconds, 0.001, JobDefaults.MaxRequestTimeoutSeconds);
        Assert.InRange(spec.Retry.MaxAttempts, 1, JobDefaults.MaxMaxAttempts);
        Assert.True(spec.Retry.BaseDelaySeconds <= spec.Retry.MaxDelaySeconds);
        Assert.All(spec.Headers, header => Assert.DoesNotContain('\n', header.Value));
        Assert.DoesNotContain("..", spec.Destination.Prefix.Split('/'));
    }

    private static void CheckSource(SourceSpec source, int maxPages)
    {
        if (source.KnownPageCount is { } pages)
        {
            Assert.InRange(pages, 1, maxPages);
            CheckUrl(source.UrlOf(1));
            CheckUrl(source.UrlOf(pages));
            Assert.Null(source.Total);
            Assert.Null(source.StopWhenEmpty);
            return;
        }

        switch (source.Kind)
        {
            case SourceKind.Range:
                Assert.True(source.IsOpenRange);
                Assert.True(source.Pages!.From <= long.MaxValue - (maxPages - 1), "Page numbers up to maxPages would overflow.");
                CheckUrl(source.UrlOf(1));
                CheckPointer(source.StopWhenEmpty);
                if (source.Total is { } total)
                {
                    Assert.Null(source.StopWhenEmpty);
                    Assert.Equal(1, new[] { total.Header is not null, total.JsonPointer is not null, total.LinkLast }.Count(set => set));
                    CheckPointer(total.JsonPointer);
                    Assert.True(total.Counts == TotalCounts.Pages || (source.PageSize is not null && !total.LinkLast));
                }

                break;
            case SourceKind.List:
                Assert.NotNull(source.UrlsBlob);
                Assert.Null(source.Urls);
                Assert.NotEmpty(source.UrlsBlob.Container);
                Assert.NotEmpty(source.UrlsBlob.Name);
                break;
            default:
                CheckUrl(source.Url!);
                var next = source.Next!;
                Assert.Equal(1, new[] { next.LinkHeader, next.JsonPointer is not null, next.CursorPointer is not null }.Count(set => set));
                Assert.Equal(next.CursorPointer is null, next.CursorParam is null);
                CheckPointer(next.JsonPointer);
                CheckPointer(next.CursorPointer);
                break;
        }
    }

    private static void CheckUrl(string url)
    {
        var uri = new Uri(url);
        Assert.True(uri.Scheme is "http" or "https");
        Assert.Empty(uri.UserInfo);
    }

    private static void CheckPointer(string? pointer) =>
        Assert.True(pointer is null or "" || pointer[0] == '/', $"'{pointer}' is not a JSON pointer.");
}
