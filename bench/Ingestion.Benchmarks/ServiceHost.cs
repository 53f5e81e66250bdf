namespace Ingestion.Benchmarks;

/// <summary>How a scenario's service runs.</summary>
public enum ServiceHost
{
    /// <summary>A silo and an API of the benchmark's own (<see cref="ServiceProcesses"/>): logs at Warning, no telemetry exported.</summary>
    Processes,

    /// <summary>The AppHost as a user runs it (<see cref="AppHostService"/>): two silos, the dashboard collecting their telemetry.</summary>
    AppHost,
}
