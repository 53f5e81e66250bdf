using System.Diagnostics;
using Ingestion.Testing;

namespace Ingestion.Benchmarks;

/// <summary>The CPU time (user and system) a process has used since it started; zero once it has gone.</summary>
public static class ProcessCpuTime
{
    /// <summary>An Azurite's, while its process runs.</summary>
    public static TimeSpan Of(AzuriteInstance azurite) => azurite.ProcessId is { } id ? Of(id) : TimeSpan.Zero;

    public static TimeSpan Of(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }
}
