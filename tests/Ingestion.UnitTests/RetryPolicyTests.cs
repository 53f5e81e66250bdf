using System.Net;
using System.Net.Http.Headers;
using Ingestion.Fetching;
using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(408)]
    [InlineData(425)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Throttling_timeouts_and_server_errors_are_retried(int status) =>
        Assert.True(RetryPolicy.IsRetryable((HttpStatusCode)status));

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(501)]
    public void Other_client_errors_fail_at_once(int status) =>
        Assert.False(RetryPolicy.IsRetryable((HttpStatusCode)status));

    [Fact]
    public void Backoff_grows_exponentially_with_full_jitter_and_stays_under_the_cap()
    {
        var retry = new RetrySpec { BaseDelaySeconds = 1, MaxDelaySeconds = 10 };
        var random = new Random(42);
        for (var attempt = 2; attempt <= 40; attempt++)
        {
            var ceiling = Math.Min(Math.Pow(2, attempt - 2), 10);
            for (var i = 0; i < 50; i++)
            {
                var delay = RetryPolicy.DelayBefore(attempt, retry, retryAfter: null, random);
                Assert.InRange(delay.TotalSeconds, 0, ceiling);
            }
        }
    }

    [Fact]
    public void Jitter_spreads_delays_across_the_window()
    {
        var retry = new RetrySpec { BaseDelaySeconds = 8, MaxDelaySeconds = 300 };
        var random = new Random(7);

        var delays = Enumerable.Range(0, 200).Select(_ => RetryPolicy.DelayBefore(2, retry, null, random).TotalSeconds).ToList();

        Assert.True(delays.Min() < 2, "some delays should fall early in the window");
        Assert.True(delays.Max() > 6, "some delays should fall late in the window");
    }

    [Fact]
    public void Retry_after_is_honoured_but_capped()
    {
        var retry = new RetrySpec { BaseDelaySeconds = 1, MaxDelaySeconds = 60 };

        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.DelayBefore(2, retry, TimeSpan.FromSeconds(30), Random.Shared));
        Assert.Equal(TimeSpan.FromSeconds(60), RetryPolicy.DelayBefore(2, retry, TimeSpan.FromHours(1), Random.Shared));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(120), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
        Assert.Null(RetryPolicy.RetryAfter(null, now));
    }
}
