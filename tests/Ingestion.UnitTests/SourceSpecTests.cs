using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class SourceSpecTests
{
    [Fact]
    public void Range_numbers_pages_from_one_and_substitutes_the_page_number()
    {
        var source = SourceSpec.Range("https://api.example.com/items?page={page}&again={page}", from: 10, to: 12);

        Assert.Equal(3, source.KnownPageCount);
        Assert.Equal("https://api.example.com/items?page=10&again=10", source.UrlOf(1));
        Assert.Equal("https://api.example.com/items?page=12&again=12", source.UrlOf(3));
    }

    [Fact]
    public void List_page_n_is_the_nth_url()
    {
        var source = SourceSpec.List(["https://a.example/x", "https://b.example/y"]);

        Assert.Equal(2, source.KnownPageCount);
        Assert.Equal("https://a.example/x", source.UrlOf(1));
        Assert.Equal("https://b.example/y", source.UrlOf(2));
    }

    [Fact]
    public void An_open_range_has_no_known_page_count_but_every_page_has_a_url()
    {
        var source = SourceSpec.Range("https://x.example/?page={page}", from: 5, to: null);

        Assert.True(source.IsOpenRange);
        Assert.Null(source.KnownPageCount);
        Assert.Equal("https://x.example/?page=5", source.UrlOf(1));
        Assert.Equal("https://x.example/?page=100004", source.UrlOf(100_000));
    }

    [Fact]
    public void A_fixed_range_is_not_open() =>
        Assert.False(SourceSpec.Range("https://x.example/{page}", 1, 1).IsOpenRange);

    [Fact]
    public void A_list_in_a_blob_has_no_known_page_count_nor_urls_in_advance()
    {
        var source = SourceSpec.ListInBlob("inputs", "urls.txt");

        Assert.Equal(SourceKind.List, source.Kind);
        Assert.Null(source.KnownPageCount);
        Assert.False(source.IsOpenRange);
        Assert.Throws<InvalidOperationException>(() => source.UrlOf(1));
    }

    [Fact]
    public void A_followed_source_has_no_known_page_count_nor_urls_in_advance()
    {
        var source = SourceSpec.Follow("https://x.example/", new NextSpec { LinkHeader = true });

        Assert.Equal(SourceKind.Follow, source.Kind);
        Assert.Null(source.KnownPageCount);
        Assert.Throws<InvalidOperationException>(() => source.UrlOf(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Pages_outside_the_source_are_refused(int page)
    {
        var source = SourceSpec.Range("https://x.example/{page}", 1, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => source.UrlOf(page));
    }

    [Fact]
    public void Offset_and_limit_follow_from_the_page_size_counted_from_the_first_page()
    {
        var source = SourceSpec.Range("https://api.example.com/items?offset={offset}&limit={limit}&p={page}", from: 3, to: 5, pageSize: 50);

        Assert.Equal("https://api.example.com/items?offset=0&limit=50&p=3", source.UrlOf(1));
        Assert.Equal("https://api.example.com/items?offset=100&limit=50&p=5", source.UrlOf(3));
    }

    [Fact]
    public void Offsets_of_far_pages_do_not_overflow()
    {
        var source = SourceSpec.Range("https://x.example/?offset={offset}", from: 0, to: 999_999, pageSize: 1_000_000);

        Assert.Equal("https://x.example/?offset=999999000000", source.UrlOf(1_000_000));
    }

    [Fact]
    public void Without_a_page_size_offset_placeholders_are_left_alone()
    {
        Assert.Equal("https://x.example/7?offset={offset}", SourceSpec.ExpandTemplate("https://x.example/{page}?offset={offset}", 7, 1, null));
    }
}
