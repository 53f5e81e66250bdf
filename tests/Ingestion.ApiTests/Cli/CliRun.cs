using Ingestion.Cli;
using Spectre.Console;

namespace Ingestion.ApiTests.Cli;

/// <summary>Runs the <c>ingest</c> command line in-process with a captured console, bounded in time.</summary>
internal static class CliRun
{
    /// <summary>Longer than any command here should take; a command still running then is cancelled and exits 130.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs a command against the test API with its key.</summary>
    public static Task<CliResult> AgainstApiAsync(ApiEnvironment api, params string[] args) =>
        RunAsync([.. args, "--api-url", api.ApiBaseAddress.ToString(), "--api-key", ApiEnvironment.ApiKey]);

    public static async Task<CliResult> RunAsync(string[] args, HttpMessageHandler? handler = null, TextReader? input = null)
    {
        var captured = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(captured),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Wide enough that no table cell wraps, so rows can be read back line by line.
        console.Profile.Width = 240;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var exitCode = await CliApp.RunAsync(args, new CliContext(console, console, input ?? TextReader.Null, handler), timeout.Token);
        return new CliResult(exitCode, captured.ToString());
    }
}
