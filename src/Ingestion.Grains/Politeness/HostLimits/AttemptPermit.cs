using Ingestion.Grains;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// A <see cref="RequestPermit"/> taken before a page's attempt starts (see <see cref="AttemptAdmission"/>) and handed to
/// the first request of the attempt to that host, which then does not wait again. Given back unused if the attempt
/// ends without such a request. It travels with the attempt as an async-local value: the page client's handlers run
/// in the attempt's flow, but the attempt's code between them cannot carry it.
/// </summary>
internal sealed class AttemptPermit(string authority, RequestPermit permit)
{
    private static readonly AsyncLocal<AttemptPermit?> CurrentPermit = new();

    private const int Available = 0;
    private const int Claimed = 1;
    private const int Returned = 2;

    private int _state;

    public string Authority { get; } = authority;

    /// <summary>The permit of the attempt running here, if there is one.</summary>
    public static AttemptPermit? Current
    {
        get => CurrentPermit.Value;
        set => CurrentPermit.Value = value;
    }

    /// <summary>The place that the attempt running here waited for, if it was for <paramref name="url"/>'s host and is still unused.</summary>
    public static RequestPermit? ClaimFor(Uri url) =>
        Current is { } attempt && attempt.Authority == IHostGateGrain.KeyFor(url) ? attempt.Claim() : null;

    /// <summary>The permit, to the first request of the attempt to <see cref="Authority"/> that asks; null to any later one.</summary>
    public RequestPermit? Claim() => Interlocked.CompareExchange(ref _state, Claimed, Available) == Available ? permit : null;

    /// <summary>Gives the permit back unless a request took it (that request's response gives it back).</summary>
    public void ReturnUnclaimed()
    {
        if (Interlocked.CompareExchange(ref _state, Returned, Available) == Available)
        {
            permit.Dispose();
        }
    }
}
