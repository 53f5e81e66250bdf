using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class SourceSpecTests
{
    [Fact]
    public void Range_numbers_pages_from_one_and_substitutes_the_page_number()
    {
        var source = SourceSpec.Range("https://api.example.com/items?page={page}&again={page}", from: 10, to: 12);

        Assert.Equal(3, source.PageCount);
        Assert.Equal("https://api.example.com/items?page=10&again=10", source.UrlOf(1));
        Assert.Equal("https://api.example.com/items?page=12&again=12", source.UrlOf(3));
    }

    [Fact]
    public void List_page_n_is_the_nth_url()
    {
        var source = SourceSpec.List(["https://a.example/x", "https://b.example/y"]);

        Assert.Equal(2, source.PageCount);
        Assert.Equal("https://a.example/x", source.UrlOf(1));
        Assert.Equal("https://b.example/y", source.UrlOf(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Pages_outside_the_source_are_refused(int page)
    {
        var source = SourceSpec.Range("https://x.example/{page}", 1, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => source.UrlOf(page));
    }
}
