namespace Ingestion.Politeness;

/// <summary>
/// One request's place in its host's budget and in the silo's: held until the response is disposed (its body read),
/// so that a host's limit counts requests the way the host sees them.
/// </summary>
public sealed class HostPermit : IDisposable
{
    private readonly HostLimiter _limiter;
    private readonly LeasedHost _host;
    private int _released;

    internal HostPermit(HostLimiter limiter, LeasedHost host, DateTimeOffset sentAt)
    {
        _limiter = limiter;
        _host = host;
        SentAt = sentAt;
    }

    /// <summary>When the request was let go.</summary>
    public DateTimeOffset SentAt { get; }

    /// <summary>Tells the host's budget how the host answered: throttling (429, 503) slows the host down.</summary>
    public void Answered(int status, TimeSpan? retryAfter) => _limiter.OnAnswered(_host, SentAt, status, retryAfter);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(_host);
        }
    }
}
