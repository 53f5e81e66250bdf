using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>A silo and an API of the benchmark's own (<see cref="ServiceProcesses"/>) on a fresh Azurite of their own.</summary>
public sealed class ProcessesService(AzuriteInstance azurite, ServiceProcesses processes) : IRunningService
{
    public string StorageConnectionString => azurite.ConnectionString;

    public string ApiBaseUrl => processes.ApiBaseUrl;

    public string ApiKey => processes.ApiKey;

    public ServiceUsage Usage() => processes.Usage();

    public TimeSpan StorageCpuTime() => ProcessCpuTime.Of(azurite);

    public async ValueTask DisposeAsync()
    {
        await processes.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
