using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>
/// Each run on a fresh Azurite; a service run on a fresh silo and API (<see cref="ServiceProcesses"/>) as well. A baseline
/// run has Azurite alone beside it: the silo and the API are not running then.
/// </summary>
public sealed class ProcessesLauncher(string apiKey, AzuriteOptions? azuriteOptions = null) : IServiceLauncher
{
    public async Task<IRunningStorage> StartForBaselineAsync(CancellationToken cancellationToken) =>
        new AzuriteStorage(await AzuriteInstance.StartNewAsync(azuriteOptions, cancellationToken));

    public async Task<IRunningService> StartServiceAsync(CancellationToken cancellationToken)
    {
        var azurite = await AzuriteInstance.StartNewAsync(azuriteOptions, cancellationToken);
        try
        {
            return new ProcessesService(azurite, await ServiceProcesses.StartAsync(azurite, apiKey, cancellationToken));
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }
}
