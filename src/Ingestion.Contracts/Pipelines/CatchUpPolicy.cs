namespace Ingestion.Pipelines;

/// <summary>What happens to ticks that passed while the cluster was down.</summary>
public enum CatchUpPolicy
{
    /// <summary>Missed ticks are recorded and not run; the next run is at the next tick.</summary>
    None,

    /// <summary>One run for all the missed ticks.</summary>
    Latest,

    /// <summary>A run for each missed tick, oldest first, up to the service's limit.</summary>
    All,
}
