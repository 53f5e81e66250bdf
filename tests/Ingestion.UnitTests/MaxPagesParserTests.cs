using Ingestion.Api.Jobs;
using Ingestion.Jobs;
using static Ingestion.UnitTests.JobSpecParsing;

namespace Ingestion.UnitTests;

/// <summary>maxPages: the most pages a job fetches, and the bound on a source whose size the spec states.</summary>
public class MaxPagesParserTests
{
    private const string OneUrl = """{ "urls": ["https://x.example/"] }""";

    private static string Range(long to) => $$"""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": {{to}} } }""";

    private static string Urls(int count) =>
        $$"""{ "urls": [{{string.Join(",", Enumerable.Range(1, count).Select(i => $"\"https://x.example/{i}\""))}}] }""";

    [Fact]
    public void Left_out_it_is_the_default()
    {
        var (spec, _) = Parse($$"""{ "source": {{OneUrl}} }""");

        Assert.Equal(JobDefaults.MaxPages, spec!.MaxPages);
    }

    [Fact]
    public void Left_out_it_is_never_more_than_the_service_allows()
    {
        var (spec, _) = Parse($$"""{ "source": {{OneUrl}} }""", new JobLimits { MaxPagesPerJob = 500 });

        Assert.Equal(500, spec!.MaxPages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250_000)]
    [InlineData(1_000_000)]
    public void Given_it_is_kept(int maxPages)
    {
        var (spec, errors) = Parse($$"""{ "source": {{OneUrl}}, "maxPages": {{maxPages}} }""");

        Assert.Empty(errors);
        Assert.Equal(maxPages, spec!.MaxPages);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("2.5")]
    [InlineData("\"100\"")]
    [InlineData("true")]
    public void Outside_one_to_the_service_limit_it_is_refused(string maxPages)
    {
        var (spec, errors) = Parse($$"""{ "source": {{OneUrl}}, "maxPages": {{maxPages}} }""");

        Assert.Null(spec);
        Assert.Equal(["Must be a whole number from 1 to 1000000."], errors["maxPages"]);
    }

    [Fact]
    public void A_fixed_range_over_max_pages_is_refused_saying_how_far_it_can_be_raised()
    {
        var (spec, errors) = ParseSource(Range(100_001));

        Assert.Null(spec);
        var message = Assert.Single(errors["source.pages"]);
        Assert.Contains("100001 pages", message, StringComparison.Ordinal);
        Assert.Contains("maxPages (100000)", message, StringComparison.Ordinal);
        Assert.Contains("up to 1000000", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_range_fits_once_max_pages_is_raised()
    {
        var (spec, errors) = Parse($$"""{ "source": {{Range(100_001)}}, "maxPages": 100001 }""");

        Assert.Empty(errors);
        Assert.Equal(100_001, spec!.Source.KnownPageCount);
    }

    [Fact]
    public void A_fixed_range_of_exactly_max_pages_fits()
    {
        var (spec, errors) = Parse($$"""{ "source": {{Range(10)}}, "maxPages": 10 }""");

        Assert.Empty(errors);
        Assert.Equal(10, spec!.Source.KnownPageCount);
    }

    [Fact]
    public void A_fixed_range_over_the_service_limit_is_refused_whatever_max_pages_says()
    {
        var (_, errors) = Parse($$"""{ "source": {{Range(1_000_001)}}, "maxPages": 1000000 }""");

        Assert.Equal(["The range holds 1000001 pages; a job may have at most 1000000."], errors["source.pages"]);
    }

    [Fact]
    public void The_widest_range_is_counted_without_overflow()
    {
        var (_, errors) = ParseSource("""{ "urlTemplate": "https://x.example/{page}", "pages": { "from": 0, "to": 9223372036854775807 } }""");

        Assert.Contains("9223372036854775808 pages", Assert.Single(errors["source.pages"]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_list_over_max_pages_is_refused_saying_how_far_it_can_be_raised()
    {
        var (spec, errors) = Parse($$"""{ "source": {{Urls(3)}}, "maxPages": 2 }""");

        Assert.Null(spec);
        var message = Assert.Single(errors["source.urls"]);
        Assert.Contains("3 URLs", message, StringComparison.Ordinal);
        Assert.Contains("maxPages (2)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_max_pages_does_not_also_refuse_the_source()
    {
        var (_, errors) = Parse($$"""{ "source": {{Range(150_000)}}, "maxPages": "lots" }""");

        Assert.Equal(["maxPages"], errors.Keys);
    }

    [Fact]
    public void Sources_of_unknown_size_are_not_bounded_by_the_spec_but_carry_max_pages()
    {
        var (spec, errors) = Parse("""
            { "source": { "url": "https://x.example/", "next": { "linkHeader": true } }, "maxPages": 7 }
            """);

        Assert.Empty(errors);
        Assert.Null(spec!.Source.KnownPageCount);
        Assert.Equal(7, spec.MaxPages);
    }

    [Fact]
    public void An_open_range_must_not_count_past_the_largest_page_number()
    {
        const long from = long.MaxValue - 9;

        var (fits, fitsErrors) = Parse($$"""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": { "from": {{from}} } }, "maxPages": 10 }""");
        var (overflows, errors) = Parse($$"""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": { "from": {{from}} } }, "maxPages": 11 }""");

        Assert.Empty(fitsErrors);
        Assert.Equal($"https://x.example/{long.MaxValue}", fits!.Source.UrlOf(10));
        Assert.Null(overflows);
        Assert.Contains("source.pages.from", errors.Keys);
    }
}
