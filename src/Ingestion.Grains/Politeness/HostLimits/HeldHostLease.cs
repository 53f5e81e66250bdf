namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// This silo's lease on one host it is using: the <see cref="HostLeaseEnforcer"/> that keeps to its terms, and when it
/// was and is next to be renewed (one renewal at a time).
/// </summary>
internal sealed class HeldHostLease(string authority, HostLeaseEnforcer enforcer)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _renewedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _renewalDue = DateTimeOffset.MinValue;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;
    private int _renewing;
    private int _renewalWanted;

    /// <summary>The host's <see cref="Grains.IHostGateGrain"/> key.</summary>
    public string Authority { get; } = authority;

    public HostLeaseEnforcer Enforcer { get; } = enforcer;

    /// <summary>Whether the silo's lease has lapsed (or it never had one).</summary>
    public bool LeaseLapsed(DateTimeOffset now)
    {
        lock (_lock)
        {
            return now >= _validUntil;
        }
    }

    public bool RenewalDue(DateTimeOffset now, TimeSpan earliestEarly)
    {
        lock (_lock)
        {
            return now >= _renewalDue || (now - _renewedAt >= earliestEarly && Enforcer.WantsEarlyRenewal);
        }
    }

    public void Renewed(DateTimeOffset now, TimeSpan renewAfter, TimeSpan validFor)
    {
        lock (_lock)
        {
            _renewedAt = now;
            _renewalDue = now + renewAfter;
            _validUntil = now + validFor;
        }
    }

    public void RenewalFailed(DateTimeOffset now, TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _renewedAt = now;
            _renewalDue = now + retryAfter;
        }
    }

    /// <summary>Asks for a renewal; true when the caller should start one (none is running), false when the running one will go again.</summary>
    public bool WantRenewal()
    {
        Volatile.Write(ref _renewalWanted, 1);
        return Interlocked.CompareExchange(ref _renewing, 1, 0) == 0;
    }

    /// <summary>Whether another renewal is wanted; clears the wish.</summary>
    public bool TakeRenewalWish() => Interlocked.Exchange(ref _renewalWanted, 0) == 1;

    /// <summary>The running renewal ends; true when a wish came in meanwhile and the caller should start again.</summary>
    public bool EndRenewing()
    {
        Volatile.Write(ref _renewing, 0);
        return Volatile.Read(ref _renewalWanted) == 1 && Interlocked.CompareExchange(ref _renewing, 1, 0) == 0;
    }
}
