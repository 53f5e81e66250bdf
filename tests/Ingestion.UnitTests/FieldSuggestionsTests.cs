using Ingestion.Api.Jobs;
using static Ingestion.UnitTests.JobSpecParsing;

namespace Ingestion.UnitTests;

/// <summary>"Did you mean" for unknown fields: typos, not only case.</summary>
public class FieldSuggestionsTests
{
    private static readonly string[] TopLevel =
        ["name", "source", "headers", "concurrency", "requestTimeoutSeconds", "retry", "destination", "failure", "maxPages", "politeness"];

    [Theory]
    [InlineData("concurency", "concurrency")]
    [InlineData("Concurrency", "concurrency")]
    [InlineData("concurrancy", "concurrency")]
    [InlineData("destinaton", "destination")]
    [InlineData("heaaders", "headers")]
    [InlineData("hedaers", "headers")]
    [InlineData("maxpage", "maxPages")]
    [InlineData("requestTimeout", "requestTimeoutSeconds")]
    public void A_typo_finds_the_field_it_meant(string given, string expected) =>
        Assert.Equal(expected, FieldSuggestions.Closest(given, TopLevel));

    [Theory]
    [InlineData("url")]
    [InlineData("priority")]
    [InlineData("x")]
    public void A_name_near_no_field_gets_no_guess(string given) =>
        Assert.Null(FieldSuggestions.Closest(given, TopLevel));

    [Fact]
    public void Two_fields_equally_near_get_no_guess() =>
        Assert.Null(FieldSuggestions.Closest("ab", ["aa", "bb"]));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abcd", "abdc", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void The_distance_counts_edits_and_swaps(string a, string b, int expected) =>
        Assert.Equal(expected, FieldSuggestions.Distance(a, b));

    [Fact]
    public void The_parser_suggests_the_nearest_field_by_its_json_path()
    {
        var (_, errors) = Parse("""{ "source": { "urls": ["https://a.example/1"] }, "concurency": 4, "failure": { "failfast": false } }""");

        Assert.Equal(["Unknown field; did you mean 'concurrency'?"], errors["concurency"]);
        Assert.Equal(["Unknown field; did you mean 'failFast'?"], errors["failure.failfast"]);
    }

    [Fact]
    public void A_renamed_field_says_what_it_became()
    {
        var (_, errors) = Parse("""{ "source": { "urls": ["https://a.example/1"] }, "failure": { "stopOnAuthFailures": false } }""");

        var error = Assert.Single(errors["failure.stopOnAuthFailures"]);
        Assert.StartsWith("Renamed: use 'failFast'", error, StringComparison.Ordinal);
    }
}
