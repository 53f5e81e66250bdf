namespace Ingestion.Pipelines;

/// <summary>What a tick does, given the pipeline's overlap policy and its runs under way.</summary>
public enum TickAction
{
    /// <summary>Start a run now.</summary>
    Start,

    /// <summary>Start nothing; record the tick as skipped.</summary>
    Skip,

    /// <summary>Wait for the running one, then start.</summary>
    Queue,

    /// <summary>Cancel the running one, then start.</summary>
    CancelRunningThenStart,
}

public static class TickActions
{
    /// <summary>
    /// The action for a tick when a run <paramref name="running"/> or not, and a tick <paramref name="queued"/> or not.
    /// At most one tick waits: with one already waiting, a further tick is skipped.
    /// </summary>
    public static TickAction Decide(OverlapPolicy policy, bool running, bool queued) =>
        (running, policy) switch
        {
            (false, _) => TickAction.Start,
            (true, OverlapPolicy.Skip) => TickAction.Skip,
            (true, OverlapPolicy.Queue) => queued ? TickAction.Skip : TickAction.Queue,
            (true, OverlapPolicy.CancelRunning) => TickAction.CancelRunningThenStart,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
        };
}
