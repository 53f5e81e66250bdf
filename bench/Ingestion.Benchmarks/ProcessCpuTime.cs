using System.Diagnostics;

namespace Ingestion.Benchmarks;

/// <summary>The CPU time (user and system) a process has used since it started; zero once it has gone.</summary>
public static class ProcessCpuTime
{
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
