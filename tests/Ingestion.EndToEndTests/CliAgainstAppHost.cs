using System.Text;
using Ingestion.Cli;
using Spectre.Console;

namespace Ingestion.EndToEndTests;

/// <summary>Runs the <c>ingest</c> command line in-process against the API the AppHost started, its output into a pipe.</summary>
internal static class CliAgainstAppHost
{
    public static async Task<(int ExitCode, string Output)> RunAsync(AppHostFixture app, params string[] args)
    {
        var output = new StringWriter(new StringBuilder());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exitCode = await CliApp.RunAsync(
            [.. args, "--api-url", app.Api.BaseAddress!.ToString(), "--api-key", app.ApiKey], console, cancellationToken: timeout.Token);
        return (exitCode, output.ToString());
    }
}
