namespace Ingestion.Benchmarks;

/// <summary>
/// Starts what one run of a scenario needs, afresh for every run: a fresh Azurite because it slows as blobs pile up,
/// and fresh service processes so that their peak memory is that run's.
/// </summary>
public interface IServiceLauncher
{
    /// <summary>Storage for a baseline run, with whatever the service's form starts beside it.</summary>
    Task<IRunningStorage> StartForBaselineAsync(CancellationToken cancellationToken);

    Task<IRunningService> StartServiceAsync(CancellationToken cancellationToken);
}
