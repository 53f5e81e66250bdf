namespace Ingestion.Benchmarks;

/// <summary>Storage that a run writes to (a fresh Azurite), with whatever runs beside it; disposing stops all of it.</summary>
public interface IRunningStorage : IAsyncDisposable
{
    string StorageConnectionString { get; }
}
