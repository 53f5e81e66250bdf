namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// What went to a host and how it answered: over the last second, requests sent, accepted (anything but 429 and 503)
/// and refused; and of the last answers (a count, not a time, see <see cref="RefusalHistory"/>), how many were refusals.
/// </summary>
internal readonly record struct RecentAnswerCounts(int Sent, int Accepted, int Refused, int LastAnswers = 0, int LastRefusals = 0)
{
    public int Answered => Accepted + Refused;

    /// <summary>The share of the last answers that were refusals (1 when none is known but the refusal itself).</summary>
    public double RefusedShare => LastAnswers == 0 ? 1 : (double)LastRefusals / LastAnswers;
}
