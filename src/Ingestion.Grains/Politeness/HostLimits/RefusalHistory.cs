namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// Whether each of a host's last answers was a refusal (429, 503): the share of refusals over a number of answers
/// rather than over a time, so that it means as much at two requests a second as at two hundred. Not thread-safe;
/// its owner locks.
/// </summary>
internal sealed class RefusalHistory
{
    /// <summary>How many answers are remembered.</summary>
    public const int Length = 20;

    private readonly bool[] _refused = new bool[Length];
    private int _next;

    public int Answers { get; private set; }

    public int Refusals { get; private set; }

    public void Add(bool refused)
    {
        if (Answers == Length)
        {
            Refusals -= _refused[_next] ? 1 : 0;
        }
        else
        {
            Answers++;
        }

        _refused[_next] = refused;
        Refusals += refused ? 1 : 0;
        _next = (_next + 1) % Length;
    }
}
