using System.Net.Http.Headers;
using Ingestion.Fetching;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Fetching;

/// <summary>How a page's request is made conditional on the baseline's record, and which validators are kept.</summary>
public class ConditionalRequestsTests
{
    private static PageRecord Previous(string? etag, string? lastModified) => new()
    {
        Page = 1,
        Url = "https://x.example/1",
        Status = PageStatus.Succeeded,
        Blob = "run-1/pages/00001.json",
        ETag = etag,
        LastModified = lastModified,
    };

    [Fact]
    public void Both_validators_are_sent_as_the_server_gave_them()
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "https://x.example/1");

        Assert.True(ConditionalRequests.AddValidators(message, Previous("W/\"v1\"", "Sat, 01 Jun 2024 00:00:00 GMT")));

        Assert.Equal("W/\"v1\"", string.Join(",", message.Headers.NonValidated["If-None-Match"]));
        Assert.Equal("Sat, 01 Jun 2024 00:00:00 GMT", string.Join(",", message.Headers.NonValidated["If-Modified-Since"]));
    }

    [Fact]
    public void A_record_without_validators_makes_no_request_conditional()
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "https://x.example/1");

        Assert.False(ConditionalRequests.AddValidators(message, Previous(null, null)));
        Assert.False(message.Headers.Contains("If-None-Match"));
    }

    [Fact]
    public void The_job_s_own_conditional_header_is_left_as_it_is_and_no_304_is_taken_for_unchanged()
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "https://x.example/1");
        message.Headers.TryAddWithoutValidation("If-None-Match", "\"mine\"");

        Assert.False(ConditionalRequests.AddValidators(message, Previous("\"v1\"", null)));
        Assert.Equal("\"mine\"", string.Join(",", message.Headers.NonValidated["If-None-Match"]));
        Assert.False(message.Headers.Contains("If-Modified-Since"));
    }

    [Theory]
    [InlineData("\"abc\"", "\"abc\"")]
    [InlineData("  W/\"abc\" ", "W/\"abc\"")]
    [InlineData("\"caf\u00e9\"", null)]
    [InlineData("", null)]
    public void A_validator_is_kept_only_when_blob_metadata_can_hold_it(string sent, string? kept)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", sent);

        Assert.Equal(kept, ConditionalRequests.ValidatorOf(response.Headers, "ETag"));
    }

    [Fact]
    public void A_validator_longer_than_metadata_should_hold_is_not_kept()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ETag", $"\"{new string('a', 600)}\"");

        Assert.Null(ConditionalRequests.ValidatorOf(response.Headers, "ETag"));
        Assert.Null(ConditionalRequests.ValidatorOf(new HttpResponseMessage().Headers, "ETag"));
    }
}
