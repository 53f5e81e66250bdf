using System.Net;
using System.Net.Http.Headers;
using Ingestion.Jobs;

namespace Ingestion.Fetching;

/// <summary>Which failed fetches are worth another attempt, and how long to wait before it.</summary>
public static class RetryPolicy
{
    /// <summary>Statuses that say "not now" rather than "never": timeouts, throttling and server trouble.</summary>
    public static bool IsRetryable(HttpStatusCode status) => (int)status switch
    {
        408 or 425 or 429 or 500 or 502 or 503 or 504 => true,
        _ => false,
    };

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry): exponential backoff with full jitter,
    /// or the server's Retry-After where it gave one, never more than <see cref="RetrySpec.MaxDelay"/>.
    /// </summary>
    public static TimeSpan DelayBefore(int nextAttempt, RetrySpec retry, TimeSpan? retryAfter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextAttempt, 2);
        if (retryAfter is { } serverDelay)
        {
            return Clamp(serverDelay, TimeSpan.Zero, retry.MaxDelay);
        }

        // base * 2^(n-1), capped; the exponent is capped too so the double never overflows.
        var exponent = Math.Min(nextAttempt - 2, 30);
        var ceiling = Math.Min(retry.BaseDelay.TotalSeconds * Math.Pow(2, exponent), retry.MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(random.NextDouble() * ceiling);
    }

    /// <summary>Reads Retry-After as delta-seconds or an HTTP-date.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => Clamp(date - now, TimeSpan.Zero, TimeSpan.MaxValue),
        _ => null,
    };

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}
