using Ingestion.Cli.Rendering;

namespace Ingestion.ApiTests.Cli;

/// <summary>How values are shortened to fit a table cell at a terminal.</summary>
public sealed class CliShortenTests
{
    [Theory]
    [InlineData("https://api.example.com/v1/items?page=17", 40, "https://api.example.com/v1/items?page=17")]
    [InlineData("https://api.example.com/v1/items?page=17", 32, "api.example.com/v1/items?page=17")]
    [InlineData("https://api.example.com/v1/items?page=17", 25, "api.example.com…s?page=17")]
    [InlineData("https://api.example.com/v1/items?page=17", 20, "api.examp…ms?page=17")]
    [InlineData("ingest/jobs/0b7e7f27/manifest.json", 20, "ingest…manifest.json")]
    public void A_url_keeps_its_host_and_the_end_of_its_path(string url, int width, string expected)
    {
        var shortened = Shorten.Url(url, width);

        Assert.Equal(expected, shortened);
        Assert.True(Shorten.Cells(shortened) <= width);
    }

    [Theory]
    [InlineData("nightly-export", 20, "nightly-export")]
    [InlineData("nightly-export", 8, "nightly…")]
    [InlineData("日本語のテキスト", 7, "日本語…")]
    [InlineData("e\u0301te\u0301", 2, "e\u0301…")]
    public void Text_keeps_its_start_and_never_cuts_a_character_in_two(string text, int width, string expected)
    {
        var shortened = Shorten.End(text, width);

        Assert.Equal(expected, shortened);
        Assert.True(Shorten.Cells(shortened) <= width);
    }

    [Theory]
    [InlineData(0, 0, 0, "job", "no jobs")]
    [InlineData(0, 0, 57, "job", "none of 57 jobs")]
    [InlineData(0, 1, 1, "failed page", "1 of 1 failed page")]
    [InlineData(20, 20, 57, "job", "21-40 of 57 jobs")]
    public void A_slice_of_a_list_counts_its_items_in_the_singular_or_the_plural(int skip, int shown, int total, string singular, string expected) =>
        Assert.Equal(expected, Slice.Describe(skip, shown, total, singular));
}
