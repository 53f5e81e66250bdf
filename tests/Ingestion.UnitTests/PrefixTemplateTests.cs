using Ingestion.Jobs;

namespace Ingestion.UnitTests;

/// <summary>Placeholders in a destination prefix: what they become, and which ones are refused.</summary>
public class PrefixTemplateTests
{
    private static readonly Guid JobId = Guid.Parse("0193a000-0000-7000-8000-00000000abcd");
    private static readonly DateTimeOffset CreatedAt = new(2026, 3, 7, 9, 5, 4, TimeSpan.FromHours(2));

    [Theory]
    [InlineData("example/items", "example/items")]
    [InlineData("jobs/{jobId}", "jobs/0193a000-0000-7000-8000-00000000abcd")]
    [InlineData("raw/{date}", "raw/2026-03-07")]
    [InlineData("raw/{date:yyyy/MM/dd}/items", "raw/2026/03/07/items")]
    [InlineData("raw/dt={date}/run={time:HHmm}", "raw/dt=2026-03-07/run=0705")]
    [InlineData("raw/{time}", "raw/070504")]
    [InlineData("raw/{date:d}", "raw/7")]
    [InlineData("raw/{date:yy.M.d}/{jobId}", "raw/26.3.7/0193a000-0000-7000-8000-00000000abcd")]
    public void Placeholders_are_filled_in_from_the_job_and_its_creation_time_in_utc(string template, string expected)
    {
        Assert.Null(PrefixTemplate.ProblemWith(template));
        Assert.Equal(expected, PrefixTemplate.Expand(template, JobId, CreatedAt));
    }

    [Theory]
    [InlineData("jobs/{id}", "Unknown placeholder {id} (did you mean {jobId}?)")]
    [InlineData("jobs/{JobId}", "Unknown placeholder {JobId} (did you mean {jobId}?)")]
    [InlineData("jobs/{name}", "Unknown placeholder {name};")]
    [InlineData("jobs/{date:MMMM}", "The format 'MMMM' is not one this prefix takes")]
    [InlineData("jobs/{date:HH}", "The format 'HH' is not one this prefix takes")]
    [InlineData("jobs/{time:yyyy}", "The format 'yyyy' is not one this prefix takes")]
    [InlineData("jobs/{date:yyyy//MM}", "The format 'yyyy//MM' is not one this prefix takes")]
    [InlineData("jobs/{date:}", "A format after ':' must not be empty")]
    [InlineData("jobs/{jobId:N}", "{jobId} takes no format.")]
    [InlineData("jobs/{date", "Has a '{' that is never closed")]
    [InlineData("jobs/date}", "Has a '}' with no '{' before it")]
    public void Unknown_or_malformed_placeholders_are_refused_in_words_that_say_what_is_known(string template, string expected)
    {
        var problem = PrefixTemplate.ProblemWith(template);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
