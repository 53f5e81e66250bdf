using System.Diagnostics;
using System.Text;

namespace Ingestion.DeploymentTests;

internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything worth showing when a check on this run fails.</summary>
    public string Describe() =>
        $"""
        {CommandLine}
        exit code: {ExitCode}
        --- stdout ---
        {Tail(StandardOutput)}
        --- stderr ---
        {Tail(StandardError)}
        """;

    private static string Tail(string text, int maxLength = 8000) =>
        text.Length <= maxLength ? text : "[...]" + text[^maxLength..];
}

/// <summary>Runs a command to its end within a time limit, capturing its output.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var commandLine = $"{fileName} {string.Join(' ', startInfo.ArgumentList)} (in {workingDirectory})";
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        process.StandardInput.Close();

        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Ends exactly what this call started: the process and its children (dotnet run starts the AppHost).
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();

            var partial = new ProcessResult(commandLine, -1, await standardOutput, await standardError);
            throw new TimeoutException(
                $"Stopped after {timeout.TotalSeconds:0} s without finishing.{Environment.NewLine}{partial.Describe()}");
        }

        return new ProcessResult(commandLine, process.ExitCode, await standardOutput, await standardError);
    }
}
