using Ingestion.Jobs;
using Ingestion.PageRecords;

namespace Ingestion.UnitTests;

public class BlobNamingTests
{
    private static readonly DestinationSpec Destination = new("ingest", "example/items");

    [Theory]
    [InlineData("application/json", ".json")]
    [InlineData("application/vnd.api+json", ".json")]
    [InlineData("TEXT/HTML", ".html")]
    [InlineData("application/xml", ".xml")]
    [InlineData("application/atom+xml", ".xml")]
    [InlineData("text/csv", ".csv")]
    [InlineData("text/plain", ".txt")]
    [InlineData("image/png", ".bin")]
    [InlineData(null, ".bin")]
    public void The_extension_follows_the_content_type(string? mediaType, string extension) =>
        Assert.Equal(extension, ContentTypes.ExtensionFor(mediaType));

    [Fact]
    public void Page_numbers_are_padded_to_six_digits()
    {
        Assert.Equal("example/items/pages/000007", PageBlobNames.Stem(Destination, 7, pageCount: 500));
        Assert.Equal("example/items/pages/123456", PageBlobNames.Stem(Destination, 123456, pageCount: 200_000));
    }

    [Fact]
    public void Names_still_sort_in_page_order_past_a_million_pages()
    {
        var names = new[] { 1, 999_999, 1_000_000, 2_000_000 }
            .Select(page => PageBlobNames.Stem(Destination, page, pageCount: 2_000_000))
            .ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("example/items/pages/0000001", names[0]);
    }

    [Fact]
    public void The_manifest_sits_next_to_the_pages() =>
        Assert.Equal("example/items/_manifest.json", Destination.ManifestBlobName);

    [Fact]
    public void The_manifest_s_index_sits_beside_it_where_globs_of_the_data_pass_it_by() =>
        Assert.Equal("example/items/_manifest.index.json", Destination.ManifestIndexBlobName);
}
