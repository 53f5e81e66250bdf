using Ingestion.Grains.Jobs;
using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests;

public sealed class PaginationRulesTests
{
    [Theory]
    [InlineData("https://api.example.com/items?page={page}&per_page=50", "https://api.example.com/items?page=17&per_page=50", 17)]
    [InlineData("https://api.example.com/items?page={page}&per_page=50", "https://api.example.com/items?per_page=50&page=17", 17)]
    [InlineData("https://api.example.com/items/p/{page}", "https://api.example.com/items/p/9", 9)]
    [InlineData("https://api.example.com/items?page={page}", "https://api.example.com/other?x=1", null)]
    public void The_last_link_s_page_number_is_read_by_the_range_s_template(string template, string last, int? expected)
    {
        Assert.Equal(expected, PageNumbers.FromUrl(SourceSpec.Range(template, 1, null), last));
    }

    [Fact]
    public void An_offset_in_the_last_link_becomes_a_page_number_counted_from_the_first_page()
    {
        var source = SourceSpec.Range("https://api.example.com/items?offset={offset}&limit={limit}", 1, null, pageSize: 25);

        Assert.Equal(14, PageNumbers.FromUrl(source, "https://api.example.com/items?offset=325&limit=25"));
    }

    [Fact]
    public void A_chain_advances_page_by_page_and_ignores_findings_it_has_heard()
    {
        var chain = new FollowChain(1, "https://x.example/1");

        Assert.Null(chain.Advance(Found(1, "https://x.example/2"), "https://x.example/1", cap: 100));
        Assert.Null(chain.Advance(Found(1, "https://x.example/2"), "https://x.example/1", cap: 100));

        Assert.Equal(2, chain.Frontier);
        Assert.Equal("https://x.example/2", chain.TakeUrl(2));
    }

    [Fact]
    public void A_chain_stops_at_a_link_back_to_a_page_it_has_visited()
    {
        var chain = new FollowChain(1, "https://x.example/1");
        chain.Advance(Found(1, "https://x.example/2"), "https://x.example/1", cap: 100);

        var reason = chain.Advance(Found(2, "https://x.example/1"), "https://x.example/2", cap: 100);

        Assert.Contains("already fetched", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_stops_when_the_cursor_does_not_change()
    {
        var chain = new FollowChain(1, "https://x.example/?cursor=a");

        var reason = chain.Advance(Found(1, "https://x.example/?cursor=a", cursor: "a"), "https://x.example/?cursor=a", cap: 100);

        Assert.Contains("cursor did not change after page 1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_stops_at_the_cap_and_at_a_page_naming_no_next()
    {
        var chain = new FollowChain(1, "https://x.example/1");

        Assert.Contains("maxPages (1)", chain.Advance(Found(1, "https://x.example/2"), "https://x.example/1", cap: 1), StringComparison.Ordinal);
        Assert.Contains("names no next page", chain.Advance(Found(1, null), "https://x.example/1", cap: 5), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tally_of_an_open_source_grows_until_its_end_is_set_and_forgets_pages_past_it()
    {
        var tally = new PageTally(end: null, cap: 10_000);
        for (var page = 1; page <= 1_500; page++)
        {
            var next = tally.NextToDispatch(int.MaxValue);
            Assert.Equal(page, next);
            tally.MarkDispatched(new PageRecord { Page = page, Url = $"u{page}", Status = PageStatus.InFlight });
        }

        for (var page = 1; page <= 1_200; page++)
        {
            tally.RecordEnded(new PageRecord { Page = page, Url = $"u{page}", Status = PageStatus.Succeeded, Bytes = 10, DurationMs = 5 });
        }

        Assert.False(tally.AllEnded);
        Assert.Equal(new PageCounts(1_500, 1_200, 0, 300, 0, 0, 0, TotalKnown: false), tally.Counts(DateTimeOffset.UtcNow));

        var beyond = tally.SetEnd(1_250);

        Assert.Equal(Enumerable.Range(1_251, 250), beyond);
        Assert.Equal(50, tally.Outstanding);
        Assert.Null(tally.NextToDispatch(int.MaxValue));
        Assert.False(tally.RecordEnded(new PageRecord { Page = 1_300, Url = "u", Status = PageStatus.Succeeded }));
        for (var page = 1_201; page <= 1_250; page++)
        {
            tally.RecordEnded(new PageRecord { Page = page, Url = $"u{page}", Status = PageStatus.Succeeded, Bytes = 10 });
        }

        Assert.True(tally.AllEnded);
        Assert.Equal(12_500, tally.Bytes);
        Assert.Equal(5, tally.DurationOf(7));
        Assert.Null(tally.RecordOf(7));
    }

    private static PageFindings Found(int page, string? next, string? cursor = null) =>
        new() { Page = page, NextUrl = next, Cursor = cursor };
}
