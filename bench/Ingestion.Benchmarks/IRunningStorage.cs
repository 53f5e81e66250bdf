namespace Ingestion.Benchmarks;

/// <summary>Storage that a run writes to (a fresh Azurite), with whatever runs beside it; disposing stops all of it.</summary>
public interface IRunningStorage : IAsyncDisposable
{
    string StorageConnectionString { get; }

    /// <summary>
    /// The CPU time the storage emulator's process has used so far. Both sides of a run write to an Azurite of their
    /// own, which shares the machine's cores with them: what a page costs it says whether the two sides ask the same
    /// of storage.
    /// </summary>
    TimeSpan StorageCpuTime();
}
