using Ingestion.Fetching;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Fetching;

/// <summary>How a page's request is made conditional on the baseline's record.</summary>
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
}
