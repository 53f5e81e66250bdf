namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// A host's rate in requests per second, adapted to its throttling (429, 503): multiplicative decrease, and additive
/// increase while it does not throttle. The gate keeps the cluster's; each silo keeps one for the cut it makes at once,
/// before the gate hears.
/// </summary>
/// <remarks>
/// Refusals are judged on what the host answered over the last second (<see cref="RecentAnswerCounts"/>):
/// <list type="bullet">
/// <item>A refusal cuts only if its request went out at least <see cref="HostLimitOptions.MinCutInterval"/> after the
/// last cut: the host must have seen the lower rate before it can be blamed for it.</item>
/// <item>The first cut from the maximum is of what was really being sent, once there are enough answers to tell, not
/// of an unused ceiling; later cuts are of the rate.</item>
/// <item>A host that refused at least as many as it accepted, and accepted less than half the rate, shows a limit of its
/// own: the rate goes just under what it accepted, at once (once it has been watched for a full second).</item>
/// <item>A host that keeps refusing a minority of its last answers, a share that the last cut did not reduce, is not
/// short of capacity (it refuses some whatever the rate): no further cut until the share grows past half or falls, or
/// enough answers in a row without a refusal end the episode.</item>
/// </list>
/// </remarks>
internal sealed class AdaptiveHostRate(HostLimitOptions options, double maxRate, double minRate, DateTimeOffset startedAt)
{
    private readonly double _maxRate = maxRate;
    private const int EnoughToJudge = 10;
    private const double UnderTheLimit = 0.9;
    private const double NoBetter = 0.75;
    private static readonly TimeSpan FullWindow = TimeSpan.FromSeconds(1);

    private bool _inEpisode;
    private double _shareAtCut;
    private double _recoveryBase = maxRate;

    /// <summary>The rate now, in requests per second; a lease may set it.</summary>
    public double Rate { get; set; } = maxRate;

    public DateTimeOffset LastCutAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>What the host answered lately: enough answers in a row without a refusal end a throttling episode.</summary>
    public void Observe(RecentAnswerCounts recent)
    {
        if (recent.LastRefusals == 0 && recent.LastAnswers >= EnoughToJudge)
        {
            _inEpisode = false;
        }
    }

    /// <summary>
    /// A request sent at <paramref name="sentAt"/> was refused. <paramref name="senderSawLastCut"/> says whether its
    /// sender was already held to the last cut (a silo whose lease predates it was not). Returns whether the rate was cut.
    /// </summary>
    public bool OnRefusal(DateTimeOffset now, DateTimeOffset sentAt, bool senderSawLastCut, RecentAnswerCounts recent)
    {
        var continuing = _inEpisode;
        _inEpisode = true;
        var enough = recent.Answered >= EnoughToJudge;
        if (enough && now - startedAt >= FullWindow && recent.Accepted > 0
            && recent.Refused >= recent.Accepted && Rate > 2.0 * recent.Accepted)
        {
            return CutTo(recent.Accepted * UnderTheLimit, now, recent);
        }

        var fresh = sentAt >= LastCutAt + options.MinCutInterval && senderSawLastCut;
        if (!fresh || (continuing && recent.RefusedShare < 0.5 && recent.RefusedShare >= _shareAtCut * NoBetter))
        {
            return false;
        }

        var used = enough && Rate >= _maxRate ? Math.Min(Rate, Math.Max(recent.Sent, recent.Answered)) : Rate;
        return CutTo(used * options.DecreaseFactor, now, recent);
    }

    /// <summary>
    /// A healthy stretch of <paramref name="elapsedSeconds"/>: the rate regains
    /// <see cref="HostLimitOptions.RecoveryPerSecond"/> of what it was at the last cut per second, up to its maximum,
    /// as long as at least half of it is used (a rate nobody uses proves nothing).
    /// </summary>
    public void Recover(double elapsedSeconds, int sentLastSecond)
    {
        if (elapsedSeconds > 0 && Rate < _maxRate && sentLastSecond >= Rate / 2)
        {
            Rate = Math.Min(_maxRate, Rate + (_recoveryBase * options.RecoveryPerSecond * elapsedSeconds));
        }
    }

    private bool CutTo(double target, DateTimeOffset now, RecentAnswerCounts recent)
    {
        target = Math.Max(minRate, target);
        if (target >= Rate)
        {
            return false;
        }

        _recoveryBase = Math.Max(target, Math.Min(Rate, recent.Sent));
        Rate = target;
        LastCutAt = now;
        _shareAtCut = recent.RefusedShare;
        return true;
    }
}
