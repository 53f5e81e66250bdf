namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// One request's place in its host's lease (see <see cref="HostLeaseEnforcer"/>) and in the silo's own cap: held until
/// the response is disposed (its body read), so that a host's limit counts requests the way the host sees them.
/// </summary>
public sealed class RequestPermit : IDisposable
{
    private readonly SiloHostLimiter _limiter;
    private readonly HeldHostLease _lease;
    private int _released;

    internal RequestPermit(SiloHostLimiter limiter, HeldHostLease lease, DateTimeOffset sentAt)
    {
        _limiter = limiter;
        _lease = lease;
        SentAt = sentAt;
    }

    /// <summary>When the request was let go.</summary>
    public DateTimeOffset SentAt { get; }

    /// <summary>Tells the host's lease how the host answered: throttling (429, 503) slows the host down.</summary>
    public void Answered(int status, TimeSpan? retryAfter) => _limiter.OnAnswered(_lease, SentAt, status, retryAfter);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _limiter.Release(_lease);
        }
    }
}
