namespace Ingestion.Benchmarks;

/// <summary>
/// The service as a run uses it, however it was started (as processes of the benchmark's own, or by the AppHost): its
/// API, the key the API wants, its storage, and what its processes have used so far.
/// </summary>
public interface IRunningService : IRunningStorage
{
    string ApiBaseUrl { get; }

    string ApiKey { get; }

    ServiceUsage Usage();
}
