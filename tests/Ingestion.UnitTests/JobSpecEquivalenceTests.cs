using System.Collections.Immutable;
using Ingestion.Api.Jobs;
using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class JobSpecEquivalenceTests
{
    private static JobSpec Spec(params (string Name, string Value)[] headers) => new()
    {
        Name = "items",
        Source = SourceSpec.List(["https://a.example/1", "https://a.example/2"]),
        Headers = headers.ToImmutableDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase),
        Destination = new DestinationSpec("ingest", "example/items"),
    };

    [Fact]
    public void Specs_built_apart_with_the_same_content_are_the_same()
    {
        var first = Spec(("Accept", "application/json"));
        var second = Spec(("Accept", "application/json"));

        Assert.NotEqual(first, second); // record equality compares the header dictionaries and URL lists by reference
        Assert.True(JobSpecEquivalence.AreSame(first, second));
    }

    [Fact]
    public void Header_order_and_name_case_do_not_matter()
    {
        var first = Spec(("Accept", "application/json"), ("X-Api-Key", "k"), ("User-Agent", "me"));
        var second = Spec(("user-agent", "me"), ("ACCEPT", "application/json"), ("x-api-key", "k"));

        Assert.True(JobSpecEquivalence.AreSame(first, second));
    }

    [Fact]
    public void A_different_header_value_is_a_different_spec() =>
        Assert.False(JobSpecEquivalence.AreSame(Spec(("X-Api-Key", "k1")), Spec(("X-Api-Key", "k2"))));

    [Fact]
    public void A_different_url_is_a_different_spec()
    {
        var first = Spec();
        var second = first with { Source = SourceSpec.List(["https://a.example/1", "https://a.example/3"]) };

        Assert.False(JobSpecEquivalence.AreSame(first, second));
    }

    [Fact]
    public void A_different_setting_is_a_different_spec()
    {
        var spec = Spec();

        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Concurrency = 4 }));
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Retry = new RetrySpec { MaxAttempts = 2 } }));
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Failure = new FailureSpec { MaxFailedPages = 0 } }));
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Destination = new DestinationSpec("ingest", "other") }));
    }
}
