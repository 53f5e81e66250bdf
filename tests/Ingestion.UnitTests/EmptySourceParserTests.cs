using Ingestion.Jobs;
using static Ingestion.UnitTests.JobSpecParsing;

namespace Ingestion.UnitTests;

/// <summary>allowEmpty, and where an empty page can end a source.</summary>
public class EmptySourceParserTests
{
    [Theory]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "allowEmpty": true }""")]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 }, "totalPages": { "header": "X-Total-Pages" }, "allowEmpty": true }""")]
    [InlineData("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "allowEmpty": true }""")]
    [InlineData("""{ "urlsBlob": { "container": "lists", "name": "urls.txt" }, "allowEmpty": true }""")]
    public void A_source_that_may_turn_out_empty_may_allow_it(string sourceJson)
    {
        var (spec, errors) = ParseSource(sourceJson);

        Assert.Empty(errors);
        Assert.True(spec!.Source.AllowEmpty);
    }

    [Fact]
    public void An_empty_source_is_a_failure_unless_allowed() =>
        Assert.False(ParseSource("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1 } }""").Spec!.Source.AllowEmpty);

    [Theory]
    [InlineData("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 3 }, "allowEmpty": true }""", "3 pages")]
    [InlineData("""{ "urls": ["https://x.example/"], "allowEmpty": true }""", "1 page")]
    public void A_source_of_a_known_size_refuses_allowEmpty(string sourceJson, string said)
    {
        var (spec, errors) = ParseSource(sourceJson);

        Assert.Null(spec);
        Assert.Contains(said, Assert.Single(errors["source.allowEmpty"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_followed_source_may_end_at_its_first_page_without_items()
    {
        var (spec, errors) = ParseSource("""{ "url": "https://x.example/", "next": { "linkHeader": true }, "stopWhenEmpty": "/items" }""");

        Assert.Empty(errors);
        Assert.Equal("/items", spec!.Source.StopWhenEmpty);
        Assert.Equal(SourceKind.Follow, spec.Source.Kind);
    }

    [Fact]
    public void A_list_refuses_stopWhenEmpty()
    {
        var (_, errors) = ParseSource("""{ "urls": ["https://x.example/"], "stopWhenEmpty": "/items" }""");

        Assert.Contains("open range or a followed source", Assert.Single(errors["source.stopWhenEmpty"]), StringComparison.Ordinal);
    }
}
