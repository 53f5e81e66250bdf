using Ingestion.Baseline;

namespace Ingestion.Benchmarks;

/// <summary>
/// Runs the baseline (<c>bench/Ingestion.Baseline</c>) as a process of its own, as the service runs, and reads back the
/// figures it prints; its CPU time and memory are its own, apart from the benchmark's and the upstream's. The CPU time
/// of its storage is read when it says its measured pages begin, and once it has exited.
/// </summary>
public static class BaselineProcess
{
    public static async Task<RunResult> RunAsync(BaselineOptions options, Func<TimeSpan> storageCpuTime, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        TimeSpan? storageAtStart = null;
        using var process = ChildProcess.StartDotnet(
            BuildOutput.AssemblyOf(Path.Combine("bench", "Ingestion.Baseline"), "Ingestion.Baseline"),
            options.ToArguments(),
            new Dictionary<string, string?>(),
            "Ingestion.Baseline",
            line =>
            {
                if (line == BaselineLoop.MeasuringLine)
                {
                    storageAtStart = storageCpuTime();
                }

                lock (lines)
                {
                    lines.Add(line);
                }
            });
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            await ChildProcess.StopAsync(process);
        }

        // WaitForExitAsync has also waited for the end of its output, so the result line, if any, is in.
        string? last;
        lock (lines)
        {
            last = lines.LastOrDefault(line => line.StartsWith('{'));
        }

        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"The baseline exited with code {process.ExitCode} (its log is in {Path.GetTempPath()}ingestion-bench).");
        }

        var result = BaselineResult.Parse(last);
        return new RunResult(result.Pages, TimeSpan.FromMilliseconds(result.ElapsedMs), TimeSpan.FromMilliseconds(result.CpuMs), result.P50Ms, result.P99Ms)
        {
            PeakRssBytes = result.PeakRssBytes,
            StorageCpuTime = storageCpuTime() - storageAtStart,
        };
    }
}
