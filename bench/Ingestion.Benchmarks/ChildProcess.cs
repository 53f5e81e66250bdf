using System.Diagnostics;

namespace Ingestion.Benchmarks;

/// <summary>
/// Starts a .NET program from its build output as a child process. Its output is drained so that it never blocks on a
/// full pipe: all of it to a log file in the temporary directory's <c>ingestion-bench</c> folder, its errors to the
/// console too, and each line of standard output to an optional observer (to see a line that says it is ready).
/// </summary>
public static class ChildProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> with <paramref name="environment"/> on top of
    /// this process's (a null value removes the variable).
    /// </summary>
    public static Process StartDotnet(
        string dll,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string logName,
        Action<string>? onOutputLine = null)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{logName} did not start.");

        // Each stream ends with a null line; the file is closed once both have.
        var log = TextWriter.Synchronized(new StreamWriter(LogPath(logName, process.Id)) { AutoFlush = true });
        var open = 2;
        void Write(string? line, bool isError)
        {
            if (line is null)
            {
                if (Interlocked.Decrement(ref open) == 0)
                {
                    log.Dispose();
                }

                return;
            }

            log.WriteLine(line);
            if (isError && line.Length > 0)
            {
                Console.Error.WriteLine($"[{logName}] {line}");
            }
            else if (!isError)
            {
                onOutputLine?.Invoke(line);
            }
        }

        process.OutputDataReceived += (_, line) => Write(line.Data, isError: false);
        process.ErrorDataReceived += (_, line) => Write(line.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process with its process tree if it is still running, and waits for it to exit (half a minute at most).</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var exited = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(exited.Token);
        }
    }

    private static string LogPath(string name, int processId)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-bench"));
        return Path.Combine(directory.FullName, $"{name}-{processId}.log");
    }
}
