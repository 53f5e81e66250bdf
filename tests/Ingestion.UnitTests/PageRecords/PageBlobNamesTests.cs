using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.UnitTests.PageRecords;

public sealed class PageBlobNamesTests
{
    private static readonly DestinationSpec Destination = new("ingest", "example/items");

    [Fact]
    public void A_pages_name_is_its_padded_number_under_the_prefix_with_its_media_types_extension() =>
        Assert.Equal("example/items/pages/000007.json", PageBlobNames.Of(Destination.PageBlobPrefix, 7, width: 6, "application/json"));

    [Fact]
    public void The_name_an_attempt_gives_the_stem_the_job_sent_is_the_pages_full_name()
    {
        var width = PageBlobNames.WidthFor(pageCount: 2_000_000);

        var fromStem = PageBlobNames.Of(PageBlobNames.Stem(Destination, 42, pageCount: 2_000_000), "text/plain");

        Assert.Equal(PageBlobNames.Of(Destination.PageBlobPrefix, 42, width, "text/plain"), fromStem);
        Assert.Equal("example/items/pages/0000042.txt", fromStem);
    }

    [Fact]
    public void A_listing_by_a_pages_names_prefix_finds_each_of_its_names_and_no_other_pages()
    {
        var stem = PageBlobNames.Stem(Destination.PageBlobPrefix, 1, width: 6);
        var prefix = PageBlobNames.NamesPrefixOf(stem);

        Assert.All(
            new[] { "application/json", "text/plain", "image/png" },
            mediaType => Assert.StartsWith(prefix, PageBlobNames.Of(stem, mediaType), StringComparison.Ordinal));
        // Page 12 of a job with wider numbers starts with the same digits.
        Assert.False(PageBlobNames.Of(Destination.PageBlobPrefix, 12, width: 7, "application/json").StartsWith(prefix, StringComparison.Ordinal));
    }
}
