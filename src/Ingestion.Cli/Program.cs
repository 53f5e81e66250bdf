using Ingestion.Cli;
using Spectre.Console;

// Ctrl+C cancels the command (requests in flight, watching) so it ends with a message; a second one ends the process.
// Not disposed: a late Ctrl+C may still reach the handler while the process exits.
var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = !interrupted.IsCancellationRequested;
    interrupted.Cancel();
};

var output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
return await CliApp.RunAsync(args, new CliContext(output, error, Console.In), interrupted.Token);
