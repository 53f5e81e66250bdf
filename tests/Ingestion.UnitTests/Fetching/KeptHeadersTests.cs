using Ingestion.Fetching;

namespace Ingestion.UnitTests.Fetching;

/// <summary>Which response headers a stored page keeps in its blob's metadata.</summary>
public class KeptHeadersTests
{
    [Theory]
    [InlineData("\"abc\"", "\"abc\"")]
    [InlineData("  W/\"abc\" ", "W/\"abc\"")]
    [InlineData("\"caf\u00e9\"", null)]
    [InlineData("", null)]
    public void A_value_is_kept_only_when_blob_metadata_can_hold_it(string sent, string? kept)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", sent);

        Assert.Equal(kept, KeptHeaders.ValueOf(response, "ETag"));
    }

    [Fact]
    public void A_value_longer_than_metadata_should_hold_or_a_header_sent_twice_is_not_kept()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", $"\"{new string('a', 600)}\"");
        response.Headers.TryAddWithoutValidation("X-Max-Updated", ["1", "2"]);

        Assert.Null(KeptHeaders.ValueOf(response, "ETag"));
        Assert.Null(KeptHeaders.ValueOf(response, "X-Max-Updated"));
        Assert.Null(KeptHeaders.ValueOf(response, "X-Absent"));
    }

    [Fact]
    public void Content_headers_such_as_last_modified_are_found_too()
    {
        using var response = new HttpResponseMessage { Content = new StringContent("{}") };
        response.Content.Headers.TryAddWithoutValidation("Last-Modified", "Sat, 01 Jun 2024 00:00:00 GMT");

        Assert.Equal("Sat, 01 Jun 2024 00:00:00 GMT", KeptHeaders.ValueOf(response, "Last-Modified"));
    }
}
