using System.Globalization;

namespace Ingestion.Baseline;

/// <summary>
/// A process's peak resident set (<c>VmHWM</c> in <c>/proc/PID/status</c>): the most physical memory it has held at once
/// since it started. Linux only; null elsewhere, or once the process has gone.
/// </summary>
public static class PeakResidentSet
{
    public static long? BytesOf(int processId)
    {
        var status = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status";
        try
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(kilobytes, CultureInfo.InvariantCulture, out var value) ? value * 1024 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or the process has exited.
            return null;
        }
    }
}
