namespace Ingestion.Benchmarks;

/// <summary>
/// Each run on an AppHost of its own (<see cref="AppHostService"/>), the baseline's too: the baseline writes to the
/// AppHost's Azurite while the AppHost, its dashboard and its idle silos and API run beside it, as the service's run
/// has them. Once in a while (about one start in ten on a loaded two-core machine) an AppHost never gets its API ready;
/// it is stopped and one more is started in its place.
/// </summary>
public sealed class AppHostLauncher : IServiceLauncher
{
    private const int Attempts = 2;

    public async Task<IRunningStorage> StartForBaselineAsync(CancellationToken cancellationToken) =>
        await StartAsync(cancellationToken);

    public async Task<IRunningService> StartServiceAsync(CancellationToken cancellationToken) =>
        await StartAsync(cancellationToken);

    private static async Task<AppHostService> StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppHostService.StartAsync(cancellationToken);
            }
            catch (TimeoutException e) when (attempt < Attempts)
            {
                Console.WriteLine($"  {e.Message} Starting another.");
            }
        }
    }
}
