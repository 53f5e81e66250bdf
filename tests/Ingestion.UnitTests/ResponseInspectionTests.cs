using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ingestion.Inspection;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests;

public sealed class ResponseInspectionTests
{
    private static readonly Uri PageUrl = new("https://api.example.com/v1/items?page=3&per_page=50");

    [Theory]
    [InlineData("<https://api.example.com/v1/items?page=4>; rel=\"next\"", "https://api.example.com/v1/items?page=4")]
    [InlineData("<https://x.example/1>; rel=\"prev\", <https://x.example/5>; rel=\"next\"", "https://x.example/5")]
    [InlineData("</v1/items?page=4>; rel=next", "https://api.example.com/v1/items?page=4")]
    [InlineData("<items?page=4>; REL=\"Next\"", "https://api.example.com/v1/items?page=4")]
    [InlineData("<https://x.example/9>; title=\"a, b; c\"; rel=\"next last\"", "https://x.example/9")]
    [InlineData("<https://x.example/1>; rel=\"prev\"", null)]
    [InlineData("", null)]
    public void The_next_link_is_found_in_a_Link_header_and_resolved_against_the_page(string header, string? expected)
    {
        Assert.Equal(expected, LinkHeader.Find([header], "next", PageUrl)?.AbsoluteUri);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("/a/b", true)]
    [InlineData("/a~0b/~1c", true)]
    [InlineData("a/b", false)]
    [InlineData("/a~2", false)]
    [InlineData("/a~", false)]
    public void Json_pointer_syntax_follows_rfc_6901(string path, bool valid) => Assert.Equal(valid, JsonPointer.IsValid(path));

    [Theory]
    [InlineData("/meta/cursor", "\"abc\"")]
    [InlineData("/items/1/id", "2")]
    [InlineData("/a~1b", "1")]
    [InlineData("/m~0n", "2")]
    [InlineData("/items/01", null)]
    [InlineData("/items/9", null)]
    [InlineData("/missing", null)]
    public void Json_pointers_evaluate_against_a_document(string path, string? expectedJson)
    {
        using var document = JsonDocument.Parse("""{"meta":{"cursor":"abc"},"items":[{"id":1},{"id":2}],"a/b":1,"m~n":2}""");
        Assert.Equal(expectedJson, JsonPointer.Evaluate(document.RootElement, path)?.GetRawText());
    }

    [Theory]
    [InlineData("{\"items\":[]}", "/items", "no items at /items")]
    [InlineData("{\"items\":[1]}", "/items", null)]
    [InlineData("{\"items\":null}", "/items", "null at /items")]
    [InlineData("{\"other\":[1]}", "/items", "nothing at /items")]
    [InlineData("[]", null, "an empty array")]
    [InlineData(" \n ", null, "an empty body")]
    [InlineData("", null, "an empty body")]
    [InlineData("[1]", null, null)]
    [InlineData("<html>not json</html>", null, null)]
    public void A_page_is_past_the_end_when_empty_and_says_why(string body, string? itemsPointer, string? because)
    {
        var inspection = new PageInspection { MayBePastEnd = true, StopWhenEmpty = itemsPointer };

        var findings = Inspect(inspection, body);

        Assert.Equal(because is not null, findings.PastEnd);
        Assert.Equal(because, findings.PastEndBecause);
    }

    [Fact]
    public void A_missing_page_of_an_open_range_is_past_the_end_by_its_status()
    {
        var findings = ResponseInspector.ForMissingPage(new PageInspection { MayBePastEnd = true }, 1, 410);

        Assert.True(findings!.PastEnd);
        Assert.Equal("HTTP 410", findings.PastEndBecause);
        Assert.Null(ResponseInspector.ForMissingPage(new PageInspection(), 1, 404));
    }

    [Theory]
    [InlineData("{\"next\":\"items?page=4\"}", "https://api.example.com/v1/items?page=4")]
    [InlineData("{\"next\":\"https://other.example/p/4\"}", "https://other.example/p/4")]
    [InlineData("{\"next\":null}", null)]
    [InlineData("{\"next\":\"\"}", null)]
    [InlineData("{}", null)]
    public void A_next_url_in_the_body_is_resolved_against_the_page(string body, string? expected)
    {
        var findings = Inspect(new PageInspection { Next = new NextSpec { JsonPointer = "/next" } }, body);

        Assert.Equal(expected, findings.NextUrl);
        Assert.Null(findings.Problem);
    }

    [Fact]
    public void A_cursor_becomes_the_next_request_s_query_parameter_replacing_the_previous_one()
    {
        var inspection = new PageInspection { Next = new NextSpec { CursorPointer = "/meta/next", CursorParam = "cursor" } };
        var page = new Uri("https://api.example.com/items?limit=10&cursor=old");

        var findings = ResponseInspector.Inspect(inspection, 2, page, Headers(), Body("""{"meta":{"next":"a b/c"}}"""));

        Assert.Equal("a b/c", findings.Cursor);
        Assert.Equal("https://api.example.com/items?limit=10&cursor=a%20b%2Fc", findings.NextUrl);
    }

    [Fact]
    public void A_body_that_is_not_json_is_reported_as_the_problem()
    {
        var findings = Inspect(new PageInspection { Next = new NextSpec { JsonPointer = "/next" } }, "<html></html>");

        Assert.Null(findings.NextUrl);
        Assert.Contains("not JSON", findings.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header", "1234")]
    [InlineData("pointer", "1234")]
    public void A_stated_total_is_read_from_a_header_or_the_body(string how, string expected)
    {
        var total = how == "header"
            ? new TotalSpec { Counts = TotalCounts.Items, Header = "X-Total-Count" }
            : new TotalSpec { Counts = TotalCounts.Pages, JsonPointer = "/total_pages" };
        var headers = Headers();
        headers.Add("X-Total-Count", "1234");

        var findings = ResponseInspector.Inspect(new PageInspection { Total = total }, 1, PageUrl, headers, Body("""{"total_pages":1234}"""));

        Assert.Equal(long.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), findings.Total);
    }

    [Fact]
    public void The_last_link_is_reported_for_the_job_to_read_its_page_number()
    {
        var headers = Headers();
        headers.Add("Link", "<https://api.example.com/v1/items?per_page=50&page=17>; rel=\"last\"");

        var findings = ResponseInspector.Inspect(
            new PageInspection { Total = new TotalSpec { LinkLast = true } }, 1, PageUrl, headers, null);

        Assert.Equal("https://api.example.com/v1/items?per_page=50&page=17", findings.LastUrl);
    }

    private static PageFindings Inspect(PageInspection inspection, string body) =>
        ResponseInspector.Inspect(inspection, 3, PageUrl, Headers(), Body(body));

    private static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);

    private static HttpResponseHeaders Headers() => new HttpResponseMessage().Headers;
}
