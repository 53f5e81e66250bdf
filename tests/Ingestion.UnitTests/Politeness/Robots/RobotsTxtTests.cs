using Ingestion.Politeness.Robots;

namespace Ingestion.UnitTests.Politeness.Robots;

public sealed class RobotsTxtTests
{
    private const string Agent = "OrleansIngestion";

    private static bool Allowed(string robotsTxt, string path, string agent = Agent) =>
        RobotsTxt.Parse(robotsTxt).For(agent).IsAllowed(new Uri("https://example.com" + path));

    [Fact]
    public void No_file_or_no_group_allows_everything()
    {
        Assert.True(Allowed("", "/anything"));
        Assert.True(Allowed("Disallow: /\n", "/anything"));
        Assert.True(Allowed("User-agent: SomeoneElse\nDisallow: /\n", "/anything"));
    }

    [Fact]
    public void The_star_group_applies_when_no_group_names_the_crawler()
    {
        const string robots = "User-agent: *\nDisallow: /private/\n";

        Assert.False(Allowed(robots, "/private/data"));
        Assert.True(Allowed(robots, "/public/data"));
    }

    [Fact]
    public void A_group_naming_the_crawler_replaces_the_star_group_and_is_matched_case_insensitively()
    {
        const string robots = """
            User-agent: *
            Disallow: /

            User-agent: orleansingestion
            Disallow: /private
            """;

        Assert.True(Allowed(robots, "/public"));
        Assert.False(Allowed(robots, "/private"));
        Assert.False(Allowed(robots, "/public", agent: "OtherBot"));
    }

    [Fact]
    public void Groups_naming_the_crawler_are_combined_and_consecutive_agents_share_a_group()
    {
        const string robots = """
            User-agent: OtherBot
            User-agent: OrleansIngestion/2.0
            Disallow: /a

            User-agent: OrleansIngestion
            Disallow: /b
            """;

        Assert.False(Allowed(robots, "/a"));
        Assert.False(Allowed(robots, "/b"));
        Assert.True(Allowed(robots, "/c"));
        Assert.False(Allowed(robots, "/a", agent: "OtherBot"));
        Assert.True(Allowed(robots, "/b", agent: "OtherBot"));
    }

    [Fact]
    public void A_user_agent_line_after_rules_starts_a_new_group()
    {
        const string robots = """
            User-agent: OtherBot
            Disallow: /x
            User-agent: OrleansIngestion
            Disallow: /y
            """;

        Assert.True(Allowed(robots, "/x"));
        Assert.False(Allowed(robots, "/y"));
    }

    [Theory]
    [InlineData("/page", false)]
    [InlineData("/page/allowed", true)]
    [InlineData("/page/allowed/deeper", true)]
    [InlineData("/page/other", false)]
    public void The_longest_matching_rule_decides(string path, bool allowed)
    {
        const string robots = "User-agent: *\nDisallow: /page\nAllow: /page/allowed\n";

        Assert.Equal(allowed, Allowed(robots, path));
    }

    [Fact]
    public void Allow_wins_a_tie_between_equally_long_rules()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /same\nAllow: /same\n", "/same"));
    }

    [Theory]
    [InlineData("/files/report.pdf", false)]
    [InlineData("/report.pdf", false)]
    [InlineData("/report.pdf?download=1", true)]
    [InlineData("/report.pdfx", true)]
    [InlineData("/report.html", true)]
    public void A_dollar_anchors_the_end_of_the_path(string path, bool allowed)
    {
        Assert.Equal(allowed, Allowed("User-agent: *\nDisallow: /*.pdf$\n", path));
    }

    [Theory]
    [InlineData("/shop/item/cart", false)]
    [InlineData("/shop/cart", false)]
    [InlineData("/shop/basket", true)]
    [InlineData("/other/cart", true)]
    public void A_star_matches_any_characters(string path, bool allowed)
    {
        Assert.Equal(allowed, Allowed("User-agent: *\nDisallow: /shop/*cart\n", path));
    }

    [Fact]
    public void The_query_is_part_of_what_is_matched()
    {
        const string robots = "User-agent: *\nDisallow: /*?session=\n";

        Assert.False(Allowed(robots, "/items?session=42"));
        Assert.True(Allowed(robots, "/items?page=2"));
    }

    [Fact]
    public void Matching_is_case_sensitive()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /Private\n", "/private"));
    }

    [Fact]
    public void Percent_encoding_is_compared_in_one_spelling()
    {
        // %7E is '~' (unreserved, so decoded); non-ASCII is compared as its UTF-8 percent-encoding.
        Assert.False(Allowed("User-agent: *\nDisallow: /%7Ejoe/\n", "/~joe/notes"));
        Assert.False(Allowed("User-agent: *\nDisallow: /~joe/\n", "/%7ejoe/notes"));
        Assert.False(Allowed("User-agent: *\nDisallow: /café\n", "/caf%C3%A9/menu"));
        Assert.True(Allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));
    }

    [Fact]
    public void An_empty_disallow_allows_everything()
    {
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));
    }

    [Fact]
    public void Robots_txt_itself_is_always_allowed()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    }

    [Fact]
    public void Comments_blank_lines_unknown_lines_and_odd_spacing_are_tolerated()
    {
        const string robots = "\uFEFF# a comment\r\n\r\nSitemap: https://example.com/sitemap.xml\r\n  USER-AGENT :  *  # everyone\r\nfoo bar\r\n  disallow:/private  # keep out\r\n";

        Assert.False(Allowed(robots, "/private"));
        Assert.True(Allowed(robots, "/public"));
    }

    [Fact]
    public void Rules_before_any_user_agent_line_are_ignored()
    {
        Assert.True(Allowed("Disallow: /x\nUser-agent: *\nDisallow: /y\n", "/x"));
    }

    [Fact]
    public void The_deciding_rule_is_reported()
    {
        var rules = RobotsTxt.Parse("User-agent: *\nDisallow: /private\nAllow: /private/open\n").For(Agent);

        Assert.Equal("Disallow: /private", rules.Decide(new Uri("https://example.com/private/x"))!.ToString());
        Assert.Equal("Allow: /private/open", rules.Decide(new Uri("https://example.com/private/open"))!.ToString());
        Assert.Null(rules.Decide(new Uri("https://example.com/elsewhere")));
    }

    [Fact]
    public void Crawl_delay_is_read_from_the_crawlers_group()
    {
        const string robots = """
            User-agent: *
            Crawl-delay: 10

            User-agent: OrleansIngestion
            Crawl-delay: 2.5
            Disallow: /x
            """;

        Assert.Equal(TimeSpan.FromSeconds(2.5), RobotsTxt.Parse(robots).For(Agent).CrawlDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), RobotsTxt.Parse(robots).For("OtherBot").CrawlDelay);
        Assert.Null(RobotsTxt.Parse("User-agent: *\nCrawl-delay: soon\n").For(Agent).CrawlDelay);
    }

    [Fact]
    public void A_pathological_pattern_is_still_matched_quickly()
    {
        var robots = "User-agent: *\nDisallow: /" + string.Concat(Enumerable.Repeat("*a", 200)) + "b$\n";
        var path = "/" + new string('a', 4000);

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(Allowed(robots, path));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}
