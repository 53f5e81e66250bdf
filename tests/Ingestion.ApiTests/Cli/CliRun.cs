using System.Text;
using System.Text.RegularExpressions;
using Ingestion.Cli;
using Spectre.Console;

namespace Ingestion.ApiTests.Cli;

/// <summary>Runs the <c>ingest</c> command line in-process with a captured console, bounded in time.</summary>
internal static partial class CliRun
{
    /// <summary>Longer than any command here should take; a command still running then is cancelled and exits 130.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>What Spectre assumes for output that is not a terminal, and the narrowest window a table must suit.</summary>
    public const int StandardWidth = 80;

    /// <summary>Runs a command against the test API with its key, its output going into a pipe.</summary>
    public static Task<CliResult> AgainstApiAsync(ApiEnvironment api, params string[] args) =>
        RunAsync(WithApi(api, args));

    /// <summary>Runs a command against the test API with its key, at an interactive terminal <paramref name="width"/> columns wide.</summary>
    public static Task<CliResult> AtTerminalAgainstApiAsync(ApiEnvironment api, int width, params string[] args) =>
        RunAsync(WithApi(api, args), terminalWidth: width);

    /// <summary>
    /// Runs a command line. Its output goes into a pipe, as from a script, unless <paramref name="terminalWidth"/> is
    /// given: then to an interactive terminal of that width, whose control sequences are removed from the result.
    /// </summary>
    public static async Task<CliResult> RunAsync(
        string[] args,
        HttpMessageHandler? handler = null,
        TextReader? input = null,
        int? terminalWidth = null)
    {
        var transcript = new StringBuilder();
        var standardOutput = new CapturedWriter(transcript);
        var standardError = new CapturedWriter(transcript);
        var output = CreateConsole(standardOutput, terminalWidth);
        var error = CreateConsole(standardError, terminalWidth);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var exitCode = await CliApp.RunAsync(args, new CliContext(output, error, input ?? TextReader.Null, handler), timeout.Token);
        return terminalWidth is null
            ? new CliResult(exitCode, transcript.ToString(), standardOutput.ToString(), standardError.ToString())
            : new CliResult(exitCode, Screen(transcript.ToString()), Screen(standardOutput.ToString()), Screen(standardError.ToString()));
    }

    private static string[] WithApi(ApiEnvironment api, string[] args) =>
        [.. args, "--api-url", api.ApiBaseAddress.ToString(), "--api-key", ApiEnvironment.ApiKey];

    private static IAnsiConsole CreateConsole(TextWriter writer, int? terminalWidth)
    {
        var terminal = terminalWidth is not null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        console.Profile.Width = terminalWidth ?? StandardWidth;
        return console;
    }

    /// <summary>The text a terminal shows, without the escape sequences that move the cursor and style the text.</summary>
    private static string Screen(string written) => EscapeSequence().Replace(written, "");

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07\x1b]*(\x07|\x1b\\))")]
    private static partial Regex EscapeSequence();
}
