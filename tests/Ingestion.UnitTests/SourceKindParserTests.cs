using Ingestion.Jobs;
using static Ingestion.UnitTests.JobSpecParsing;

namespace Ingestion.UnitTests;

/// <summary>Each kind of source, as the README writes it, and each way its fields can be wrong.</summary>
public class SourceKindParserTests
{
    private static SourceSpec Accepted(string sourceJson)
    {
        var (spec, errors) = ParseSource(sourceJson);

        Assert.Empty(errors);
        Assert.NotNull(spec);
        return spec.Source;
    }

    [Fact]
    public void A_range_is_a_template_over_a_fixed_range_of_pages() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, 500),
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1, "to": 500 } }"""));

    [Fact]
    public void An_offset_range_carries_its_page_size() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?offset={offset}&limit={limit}", 1, 40, pageSize: 25),
            Accepted("""{ "urlTemplate": "https://api.example.com/items?offset={offset}&limit={limit}", "pages": { "from": 1, "to": 40 }, "pageSize": 25 }"""));

    [Fact]
    public void An_open_range_stops_where_the_pointer_finds_no_items() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, to: null) with { StopWhenEmpty = "/items" },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" }"""));

    [Fact]
    public void An_open_range_needs_nothing_but_its_first_page() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 0, to: null),
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 0, "to": null } }"""));

    [Fact]
    public void The_pointer_to_the_whole_body_is_the_empty_string() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, to: null) with { StopWhenEmpty = "" },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1 }, "stopWhenEmpty": "" }"""));

    [Fact]
    public void The_total_pages_can_come_from_a_header() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, to: null)
                with { Total = new TotalSpec { Counts = TotalCounts.Pages, Header = "X-Total-Pages" } },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1 }, "totalPages": { "header": "X-Total-Pages" } }"""));

    [Fact]
    public void The_total_pages_can_come_from_the_body() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, to: null)
                with { Total = new TotalSpec { Counts = TotalCounts.Pages, JsonPointer = "/total_pages" } },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1 }, "totalPages": { "jsonPointer": "/total_pages" } }"""));

    [Fact]
    public void The_total_pages_can_come_from_the_link_to_the_last_page() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?page={page}", 1, to: null)
                with { Total = new TotalSpec { Counts = TotalCounts.Pages, LinkLast = true } },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1 }, "totalPages": { "linkLast": true } }"""));

    [Fact]
    public void A_total_of_items_is_read_with_the_page_size() =>
        Assert.Equal(
            SourceSpec.Range("https://api.example.com/items?offset={offset}&limit={limit}", 1, to: null, pageSize: 100)
                with { Total = new TotalSpec { Counts = TotalCounts.Items, Header = "X-Total-Count" } },
            Accepted("""{ "urlTemplate": "https://api.example.com/items?offset={offset}&limit={limit}", "pages": { "from": 1 }, "pageSize": 100, "totalItems": { "header": "X-Total-Count" } }"""));

    [Fact]
    public void An_inline_list_keeps_its_urls_in_order()
    {
        var source = Accepted("""{ "urls": ["https://a.example/1", "https://b.example/2"] }""");

        Assert.Equal(SourceKind.List, source.Kind);
        Assert.Equal(["https://a.example/1", "https://b.example/2"], source.Urls);
        Assert.Equal(SourceSpec.List([]) with { Urls = source.Urls }, source);
    }

    [Fact]
    public void A_list_can_be_a_blob_of_urls() =>
        Assert.Equal(
            SourceSpec.ListInBlob("inputs", "lists/urls.txt"),
            Accepted("""{ "urlsBlob": { "container": "inputs", "name": "lists/urls.txt" } }"""));

    [Fact]
    public void A_follow_source_can_follow_the_link_header() =>
        Assert.Equal(
            SourceSpec.Follow("https://api.example.com/items", new NextSpec { LinkHeader = true }),
            Accepted("""{ "url": "https://api.example.com/items", "next": { "linkHeader": true } }"""));

    [Fact]
    public void A_follow_source_can_follow_a_url_in_the_body() =>
        Assert.Equal(
            SourceSpec.Follow("https://api.example.com/items", new NextSpec { JsonPointer = "/links/next" }),
            Accepted("""{ "url": "https://api.example.com/items", "next": { "jsonPointer": "/links/next" } }"""));

    [Fact]
    public void A_follow_source_can_follow_a_cursor() =>
        Assert.Equal(
            SourceSpec.Follow("https://api.example.com/items?limit=100", new NextSpec { CursorPointer = "/meta/cursor", CursorParam = "cursor" }),
            Accepted("""{ "url": "https://api.example.com/items?limit=100", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "cursor" } }"""));

    [Theory]
    [InlineData("""{ "kind": "range", "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 } }""", SourceKind.Range)]
    [InlineData("""{ "kind": "List", "urlsBlob": { "container": "inputs", "name": "urls.txt" } }""", SourceKind.List)]
    [InlineData("""{ "kind": "follow", "url": "https://x.example/", "next": { "linkHeader": true } }""", SourceKind.Follow)]
    public void A_stated_kind_that_agrees_with_the_fields_is_accepted(string sourceJson, SourceKind kind) =>
        Assert.Equal(kind, Accepted(sourceJson).Kind);

    [Fact]
    public void Mixed_kinds_are_refused_naming_the_fields_of_each()
    {
        var (spec, errors) = ParseSource("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "url": "https://x.example/" }""");

        Assert.Null(spec);
        var message = Assert.Single(errors["source"]);
        Assert.Contains("a range source (urlTemplate, pages)", message, StringComparison.Ordinal);
        Assert.Contains("a follow source (url)", message, StringComparison.Ordinal);
    }

    [Theory]
    // The kind
    [InlineData("""{ "kind": "follow" }""", "source")]
    [InlineData("""{ "kind": "stream", "urls": ["https://x.example/"] }""", "source.kind")]
    [InlineData("""{ "kind": "2", "url": "https://x.example/", "next": { "linkHeader": true } }""", "source.kind")]
    [InlineData("""{ "kind": 3, "urls": ["https://x.example/"] }""", "source.kind")]
    [InlineData("""{ "kind": "list", "url": "https://x.example/", "next": { "linkHeader": true } }""", "source.kind")]
    [InlineData("""{ "kind": "follow", "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 } }""", "source.kind")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "url": "https://x.example/" }""", "source")]
    [InlineData("""{ "urls": ["https://x.example/"], "next": { "linkHeader": true } }""", "source")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "urls.txt" }, "pages": { "from": 1 } }""", "source")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "urlTemplate": "https://x.example/{page}" }""", "source")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "pages": { "from": 1, "to": 2 } }""", "source")]
    [InlineData("""{ "pageSize": 10 }""", "source")]
    // A fixed range takes nothing meant for an open one
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 2 }, "stopWhenEmpty": "/items" }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 2 }, "totalPages": { "linkLast": true } }""", "source.totalPages")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 2 }, "pageSize": 5, "totalItems": { "header": "X-Total-Count" } }""", "source.totalItems")]
    // An open range
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "to": 5 } }""", "source.pages.from")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 9223372036854775807 } }""", "source.pages.from")]
    [InlineData("""{ "urlTemplate": "https://x.example/items", "pages": { "from": 1 } }""", "source.urlTemplate")]
    [InlineData("""{ "urlTemplate": "http://127.0.0.1/{page}", "pages": { "from": 1 } }""", "source.urlTemplate")]
    [InlineData("""{ "urlTemplate": "https://x.example/?offset={offset}", "pages": { "from": 1 } }""", "source.pageSize")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "stopWhenEmpty": "items" }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "stopWhenEmpty": "/a~2b" }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "stopWhenEmpty": "/a~" }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "stopWhenEmpty": true }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "stopWhenEmpty": "/items", "totalPages": { "linkLast": true } }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalPages": { "linkLast": true }, "totalItems": { "header": "X-Total-Count" } }""", "source")]
    // totalPages
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": "X-Total-Pages" }""", "source.totalPages")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": {} }""", "source.totalPages")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": "X-Total-Pages", "linkLast": true } }""", "source.totalPages")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": "X Total" } }""", "source.totalPages.header")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": "X-Total:" } }""", "source.totalPages.header")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": "" } }""", "source.totalPages.header")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": 5 } }""", "source.totalPages.header")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "jsonPointer": "total_pages" } }""", "source.totalPages.jsonPointer")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "jsonPointer": "$.total_pages" } }""", "source.totalPages.jsonPointer")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "jsonPointer": "/meta/~total" } }""", "source.totalPages.jsonPointer")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "linkLast": false } }""", "source.totalPages.linkLast")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "linkLast": "yes" } }""", "source.totalPages.linkLast")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "last": true } }""", "source.totalPages.last")]
    // totalItems
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalItems": { "header": "X-Total-Count" } }""", "source.pageSize")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalItems": { "linkLast": true } }""", "source.totalItems.linkLast")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalItems": {} }""", "source.totalItems")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalItems": [] }""", "source.totalItems")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalItems": { "header": "X-Total-Count", "jsonPointer": "/total" } }""", "source.totalItems")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "pageSize": 5, "totalItems": { "jsonPointer": "total" } }""", "source.totalItems.jsonPointer")]
    // A list
    [InlineData("""{ "urls": ["https://x.example/"], "urlsBlob": { "container": "inputs", "name": "urls.txt" } }""", "source")]
    [InlineData("""{ "urls": ["https://x.example/"], "stopWhenEmpty": "/items" }""", "source.stopWhenEmpty")]
    [InlineData("""{ "urls": ["https://x.example/"], "totalPages": { "linkLast": true } }""", "source.totalPages")]
    [InlineData("""{ "urlsBlob": "inputs/urls.txt" }""", "source.urlsBlob")]
    [InlineData("""{ "urlsBlob": { "name": "urls.txt" } }""", "source.urlsBlob.container")]
    [InlineData("""{ "urlsBlob": { "container": "Inputs", "name": "urls.txt" } }""", "source.urlsBlob.container")]
    [InlineData("""{ "urlsBlob": { "container": "in--puts", "name": "urls.txt" } }""", "source.urlsBlob.container")]
    [InlineData("""{ "urlsBlob": { "container": "inputs" } }""", "source.urlsBlob.name")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "" } }""", "source.urlsBlob.name")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "urls\u0000.txt" } }""", "source.urlsBlob.name")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "urls\n.txt" } }""", "source.urlsBlob.name")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": 7 } }""", "source.urlsBlob.name")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "urls.txt", "path": "x" } }""", "source.urlsBlob.path")]
    [InlineData("""{ "urlsBlob": { "container": "inputs", "name": "urls.txt" }, "pageSize": 10 }""", "source.pageSize")]
    // Following
    [InlineData("""{ "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "https://x.example/" }""", "source.next")]
    [InlineData("""{ "url": "", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "ftp://x.example/", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "/items?page=2", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "https://user:pw@x.example/", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "http://127.0.0.1/items", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "http://0x7f.1/items", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "http://[::ffff:169.254.169.254]/", "next": { "linkHeader": true } }""", "source.url")]
    [InlineData("""{ "url": "https://x.example/", "next": "link" }""", "source.next")]
    [InlineData("""{ "url": "https://x.example/", "next": {} }""", "source.next")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true, "jsonPointer": "/next" } }""", "source.next")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": false } }""", "source.next.linkHeader")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": "true" } }""", "source.next.linkHeader")]
    [InlineData("""{ "url": "https://x.example/", "next": { "jsonPointer": "links.next" } }""", "source.next.jsonPointer")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "meta/cursor", "cursorParam": "cursor" } }""", "source.next.cursorPointer")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true, "cursorParam": "cursor" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "page cursor" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "a&b=c" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor", "cursorParam": "cürsor" } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/cursor", "cursorParam": 1 } }""", "source.next.cursorParam")]
    [InlineData("""{ "url": "https://x.example/", "next": { "rel": "next" } }""", "source.next.rel")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "pageSize": 10 }""", "source.pageSize")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "totalPages": { "linkLast": true } }""", "source.totalPages")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "stopWhenEmpty": "items" }""", "source.stopWhenEmpty")]
    public void Each_bad_source_field_is_named_by_its_json_path(string sourceJson, string path)
    {
        var (spec, errors) = ParseSource(sourceJson);

        Assert.Null(spec);
        Assert.Contains(path, errors.Keys);
        Assert.All(errors[path], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void A_blob_name_longer_than_azure_allows_is_refused()
    {
        var (_, atLimit) = ParseSource($$"""{ "urlsBlob": { "container": "inputs", "name": "{{new string('a', 1024)}}" } }""");
        var (_, overLimit) = ParseSource($$"""{ "urlsBlob": { "container": "inputs", "name": "{{new string('a', 1025)}}" } }""");

        Assert.Empty(atLimit);
        Assert.Contains("source.urlsBlob.name", overLimit.Keys);
    }

    [Fact]
    public void A_cursor_parameter_name_may_have_at_most_100_characters()
    {
        var (_, atLimit) = ParseSource($$"""{ "url": "https://x.example/", "next": { "cursorPointer": "/c", "cursorParam": "{{new string('c', 100)}}" } }""");
        var (_, overLimit) = ParseSource($$"""{ "url": "https://x.example/", "next": { "cursorPointer": "/c", "cursorParam": "{{new string('c', 101)}}" } }""");

        Assert.Empty(atLimit);
        Assert.Contains("source.next.cursorParam", overLimit.Keys);
    }

    [Fact]
    public void Json_pointers_may_escape_tilde_and_slash()
    {
        var source = Accepted("""{ "url": "https://x.example/", "next": { "cursorPointer": "/meta/a~1b/~0c", "cursorParam": "page_token-2.x~" } }""");

        Assert.Equal(new NextSpec { CursorPointer = "/meta/a~1b/~0c", CursorParam = "page_token-2.x~" }, source.Next);
    }

    [Fact]
    public void An_open_range_checks_only_its_first_page_url()
    {
        // Later page numbers make an invalid port, but the range may well end long before.
        var source = Accepted("""{ "urlTemplate": "https://x.example:{page}/", "pages": { "from": 8080 } }""");

        Assert.True(source.IsOpenRange);
        Assert.Null(source.KnownPageCount);
    }

    [Fact]
    public void A_fixed_range_refuses_the_fields_of_an_open_range_in_words_that_say_why()
    {
        var (_, errors) = ParseSource("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 2 }, "stopWhenEmpty": "/items" }""");

        Assert.Contains("without pages.to", Assert.Single(errors["source.stopWhenEmpty"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_of_a_follow_source_is_reported_at_once()
    {
        var (_, errors) = ParseSource("""{ "url": "ftp://x.example/", "next": { "cursorPointer": "cursor", "cursorParam": "a b" }, "pageSize": 3 }""");

        Assert.Equal(
            ["source.next.cursorParam", "source.next.cursorPointer", "source.pageSize", "source.url"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
