using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ingestion.Benchmarks;

/// <summary>
/// Asks a process to stop as Ctrl+C or <c>kill</c> would (SIGTERM), so that it can stop what it started: the AppHost
/// then stops its resources through its orchestrator, which a kill would leave to find out on its own. Where there is no
/// such signal (Windows), the process is killed with its tree.
/// </summary>
public static class TerminationSignal
{
    private const int SigTerm = 15;

    public static void Send(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || Kill(process.Id, SigTerm) != 0)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int processId, int signal);
}
