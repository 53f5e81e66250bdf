using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>A fresh Azurite of a baseline run's own.</summary>
public sealed class AzuriteStorage(AzuriteInstance azurite) : IRunningStorage
{
    public string StorageConnectionString => azurite.ConnectionString;

    public TimeSpan StorageCpuTime() => ProcessCpuTime.Of(azurite);

    public ValueTask DisposeAsync() => azurite.DisposeAsync();
}
