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
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { MaxPages = 10 }));
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Politeness = new PolitenessSpec { MaxRequestsPerSecond = 2 } }));
        Assert.False(JobSpecEquivalence.AreSame(spec, spec with { Politeness = new PolitenessSpec { RespectRobotsTxt = true } }));
    }

    private static JobSpec WithSource(SourceSpec source) => Spec() with { Source = source };

    private static SourceSpec OpenRange(TotalSpec? total = null, string? stopWhenEmpty = null) =>
        SourceSpec.Range("https://a.example/?page={page}", 1, to: null) with { Total = total, StopWhenEmpty = stopWhenEmpty };

    public static TheoryData<string> SourceKinds => ["fixed range", "open range", "range with a total", "list in a blob", "follow"];

    private static SourceSpec SourceOfKind(string kind) => kind switch
    {
        "fixed range" => SourceSpec.Range("https://a.example/?page={page}", 1, 10),
        "open range" => OpenRange(stopWhenEmpty: "/items"),
        "range with a total" => OpenRange(new TotalSpec { Counts = TotalCounts.Items, JsonPointer = "/total" }) with { PageSize = 50 },
        "list in a blob" => SourceSpec.ListInBlob("inputs", "urls.txt"),
        _ => SourceSpec.Follow("https://a.example/", new NextSpec { CursorPointer = "/cursor", CursorParam = "c" }),
    };

    [Theory]
    [MemberData(nameof(SourceKinds))]
    public void The_same_source_of_any_kind_submitted_twice_is_the_same(string kind)
    {
        var first = WithSource(SourceOfKind(kind)) with { MaxPages = 500, Politeness = new PolitenessSpec { MaxRequestsPerSecond = 1.5 } };
        var second = WithSource(SourceOfKind(kind)) with { MaxPages = 500, Politeness = new PolitenessSpec { MaxRequestsPerSecond = 1.5 } };

        Assert.True(JobSpecEquivalence.AreSame(first, second));
    }

    [Fact]
    public void A_different_range_end_or_way_to_find_it_is_a_different_spec()
    {
        var spec = WithSource(OpenRange());

        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Range("https://a.example/?page={page}", 1, 10))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange(stopWhenEmpty: "/items"))));
        Assert.False(JobSpecEquivalence.AreSame(WithSource(OpenRange(stopWhenEmpty: "/items")), WithSource(OpenRange(stopWhenEmpty: "/data"))));
        Assert.False(JobSpecEquivalence.AreSame(WithSource(OpenRange(stopWhenEmpty: "")), spec));
    }

    [Fact]
    public void A_different_total_is_a_different_spec()
    {
        var header = new TotalSpec { Counts = TotalCounts.Pages, Header = "X-Total" };
        var spec = WithSource(OpenRange(header));

        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange())));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange(header with { Counts = TotalCounts.Items }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange(header with { Header = "X-Total-Pages" }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange(new TotalSpec { JsonPointer = "/total" }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(OpenRange(new TotalSpec { LinkLast = true }))));
    }

    [Fact]
    public void A_different_blob_of_urls_is_a_different_spec()
    {
        var spec = WithSource(SourceSpec.ListInBlob("inputs", "urls.txt"));

        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.ListInBlob("inputs", "other.txt"))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.ListInBlob("others", "urls.txt"))));
        Assert.False(JobSpecEquivalence.AreSame(spec, Spec()));
    }

    [Fact]
    public void A_different_start_or_way_to_the_next_page_is_a_different_spec()
    {
        var cursor = new NextSpec { CursorPointer = "/meta/cursor", CursorParam = "cursor" };
        var spec = WithSource(SourceSpec.Follow("https://a.example/", cursor));

        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Follow("https://a.example/?x=1", cursor))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Follow("https://a.example/", cursor with { CursorParam = "after" }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Follow("https://a.example/", cursor with { CursorPointer = "/cursor" }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Follow("https://a.example/", new NextSpec { LinkHeader = true }))));
        Assert.False(JobSpecEquivalence.AreSame(spec, WithSource(SourceSpec.Follow("https://a.example/", new NextSpec { JsonPointer = "/meta/cursor" }))));
    }
}
