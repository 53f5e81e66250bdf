using System.Diagnostics;
using System.Globalization;
using Ingestion.Testing;

namespace Ingestion.ApiTests;

/// <summary>
/// An Azurite frozen (SIGSTOP) until disposed (SIGCONT): its ports still take connections, but nothing answers them, as
/// with storage too busy to answer. Unix only: the signals are sent with <c>kill</c>.
/// </summary>
internal sealed class SuspendedAzurite : IDisposable
{
    private readonly int _processId;

    private SuspendedAzurite(int processId)
    {
        _processId = processId;
        Signal("STOP");
    }

    public static SuspendedAzurite Of(AzuriteInstance azurite) =>
        new(azurite.ProcessId ?? throw new InvalidOperationException("Azurite has not been started."));

    public void Dispose() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _processId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_processId} exited with {kill.ExitCode}.");
        }
    }
}
