namespace Ingestion.Pipelines;

/// <summary>What a tick does when the pipeline's previous run is still going.</summary>
public enum OverlapPolicy
{
    /// <summary>The tick starts nothing; it is recorded as skipped.</summary>
    Skip,

    /// <summary>The tick waits for the running one to end, then starts; at most one tick waits.</summary>
    Queue,

    /// <summary>The running one is cancelled, then the tick starts.</summary>
    CancelRunning,
}
