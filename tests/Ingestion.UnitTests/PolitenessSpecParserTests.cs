using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public sealed class PolitenessSpecParserTests
{
    private const string Source = """ "source": { "urls": ["https://a.example/1"] } """;

    private static (JobSpec? Spec, Dictionary<string, string[]> Errors) ParsePoliteness(string politenessJson) =>
        JobSpecParsing.Parse($$"""{ {{Source}}, "politeness": {{politenessJson}} }""");

    [Fact]
    public void Left_out_it_leaves_the_service_limits_alone_and_ignores_robots_txt()
    {
        var (spec, errors) = JobSpecParsing.Parse($$"""{ {{Source}} }""");

        Assert.Empty(errors);
        Assert.Equal(new PolitenessSpec(), spec!.Politeness);
        Assert.Null(spec.Politeness.MaxRequestsPerSecond);
        Assert.False(spec.Politeness.RespectRobotsTxt);
    }

    [Fact]
    public void Both_fields_are_read_as_written()
    {
        var (spec, errors) = ParsePoliteness("""{ "maxRequestsPerSecond": 2.5, "respectRobotsTxt": true }""");

        Assert.Empty(errors);
        Assert.Equal(new PolitenessSpec { MaxRequestsPerSecond = 2.5, RespectRobotsTxt = true }, spec!.Politeness);
    }

    [Fact]
    public void An_empty_object_and_nulls_keep_the_defaults()
    {
        var (spec, errors) = ParsePoliteness("""{ "maxRequestsPerSecond": null, "respectRobotsTxt": null }""");

        Assert.Empty(errors);
        Assert.Equal(new PolitenessSpec(), spec!.Politeness);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100001")]
    [InlineData("\"10\"")]
    [InlineData("true")]
    public void A_rate_that_is_not_a_positive_number_within_bounds_is_refused_by_its_path(string value)
    {
        var (spec, errors) = ParsePoliteness($$"""{ "maxRequestsPerSecond": {{value}} }""");

        Assert.Null(spec);
        var message = Assert.Single(Assert.Contains("politeness.maxRequestsPerSecond", errors));
        Assert.Equal("Must be a number greater than 0 and at most 100000.", message);
    }

    [Fact]
    public void A_tiny_positive_rate_is_allowed()
    {
        var (spec, errors) = ParsePoliteness("""{ "maxRequestsPerSecond": 0.001 }""");

        Assert.Empty(errors);
        Assert.Equal(0.001, spec!.Politeness.MaxRequestsPerSecond);
    }

    [Fact]
    public void Respect_robots_txt_must_be_a_boolean()
    {
        var (spec, errors) = ParsePoliteness("""{ "respectRobotsTxt": "yes" }""");

        Assert.Null(spec);
        Assert.Equal(["Must be true or false."], errors["politeness.respectRobotsTxt"]);
    }

    [Fact]
    public void Politeness_must_be_an_object()
    {
        var (spec, errors) = ParsePoliteness("5");

        Assert.Null(spec);
        Assert.Equal(["Must be an object."], errors["politeness"]);
    }

    [Fact]
    public void Unknown_fields_are_refused_with_a_suggestion_when_only_the_case_is_wrong()
    {
        var (spec, errors) = ParsePoliteness("""{ "RespectRobotsTxt": true, "crawlDelay": 3 }""");

        Assert.Null(spec);
        Assert.Equal(["Unknown field; did you mean 'respectRobotsTxt'?"], errors["politeness.RespectRobotsTxt"]);
        Assert.Contains("maxRequestsPerSecond, respectRobotsTxt", Assert.Single(errors["politeness.crawlDelay"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var (_, errors) = ParsePoliteness("""{ "maxRequestsPerSecond": 0, "respectRobotsTxt": 1 }""");

        Assert.Contains("politeness.maxRequestsPerSecond", errors.Keys);
        Assert.Contains("politeness.respectRobotsTxt", errors.Keys);
    }
}
