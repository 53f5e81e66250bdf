using Ingestion.Api.Jobs;
using Ingestion.Jobs;
using static Ingestion.UnitTests.JobSpecParsing;

namespace Ingestion.UnitTests;

/// <summary>The destination of a job spec: placeholders in the prefix, and what to do when the prefix is taken.</summary>
public class DestinationParserTests
{
    private const string Source = """ "source": { "urls": ["https://a.example/1"] } """;

    [Theory]
    [InlineData("fail", IfPrefixExists.Fail)]
    [InlineData("replace", IfPrefixExists.Replace)]
    [InlineData("newVersion", IfPrefixExists.NewVersion)]
    [InlineData("NewVersion", IfPrefixExists.NewVersion)]
    public void IfExists_names_what_to_do_with_a_prefix_another_job_owns(string given, IfPrefixExists expected)
    {
        var (spec, errors) = Parse($$"""{ {{Source}}, "destination": { "prefix": "a/b", "ifExists": "{{given}}" } }""");

        Assert.Empty(errors);
        Assert.Equal(new DestinationSpec("ingest", "a/b", expected), spec!.Destination);
    }

    [Fact]
    public void A_prefix_that_is_taken_is_refused_unless_the_spec_says_otherwise() =>
        Assert.Equal(IfPrefixExists.Fail, Parse($$"""{ {{Source}}, "destination": { "prefix": "a/b" } }""").Spec!.Destination.IfExists);

    [Fact]
    public void An_unknown_ifExists_is_refused_listing_the_choices()
    {
        var (_, errors) = Parse($$"""{ {{Source}}, "destination": { "ifExists": "overwrite" } }""");

        var error = Assert.Single(errors["destination.ifExists"]);
        Assert.Contains("\"replace\"", error, StringComparison.Ordinal);
        Assert.Contains("\"newVersion\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_keeps_its_placeholders_in_the_spec_so_that_the_spec_can_be_submitted_again()
    {
        var (spec, errors) = Parse($$"""{ {{Source}}, "destination": { "prefix": "raw/{date:yyyy/MM/dd}/{jobId}/" } }""");

        Assert.Empty(errors);
        Assert.Equal("raw/{date:yyyy/MM/dd}/{jobId}", spec!.Destination.Prefix);
    }

    [Fact]
    public void The_default_prefix_is_a_folder_of_the_jobs_own()
    {
        var (spec, _) = Parse($$"""{ {{Source}} }""");

        Assert.Equal(new DestinationSpec(JobDefaults.Container, "jobs/{jobId}"), spec!.Destination);
    }

    [Theory]
    [InlineData("example/{id}/items", "{id}")]
    [InlineData("example/{date:MMMM}", "MMMM")]
    [InlineData("example/{date", "never closed")]
    public void An_unknown_placeholder_is_a_400_naming_the_prefix(string prefix, string said)
    {
        var (spec, errors) = Parse($$"""{ {{Source}}, "destination": { "prefix": "{{prefix}}" } }""");

        Assert.Null(spec);
        Assert.Contains(said, Assert.Single(errors["destination.prefix"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_must_stay_within_its_length_with_its_placeholders_filled_in()
    {
        // 30 characters as written, 20 + 36 once {jobId} is filled in.
        var (_, errors) = Parse(
            $$"""{ {{Source}}, "destination": { "prefix": "aaaaaaaaaaaaaaaaaaaa/{jobId}" } }""",
            new JobLimits { MaxPrefixLength = 40 });

        var error = Assert.Single(errors["destination.prefix"]);
        Assert.Contains("at most 40 characters", error, StringComparison.Ordinal);
        Assert.Contains("filled in", error, StringComparison.Ordinal);
    }
}
