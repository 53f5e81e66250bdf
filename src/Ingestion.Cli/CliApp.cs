using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Ingestion.Cli.Commands;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>The <c>ingest</c> command line: parses the arguments, runs the command, returns the exit code.</summary>
public static class CliApp
{
    public const string ToolName = "ingest";

    /// <summary>Runs a command line, writing results and problems alike to <paramref name="console"/>.</summary>
    public static Task<int> RunAsync(
        string[] args,
        IAnsiConsole console,
        HttpMessageHandler? handler = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliContext(console, console, Console.In, handler), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = context.Output.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
            // The caller owns Ctrl+C and passes it in as cancellationToken; tests run many commands in one process.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The errors and a pointer to help say more than a page of help after them.
            parseError.ShowHelp = false;
            await parseResult.InvokeAsync(configuration, cancellationToken);
            ConsoleLine.Write(context.Error, $"Run '{Markup.Escape(HelpCommandLine(parseResult))}' for usage.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>e.g. <c>ingest pages --help</c> for a mistake in a <c>pages</c> command line.</summary>
    private static string HelpCommandLine(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? ToolName : result.Command.Name);
        }

        return string.Join(' ', names) + " --help";
    }

    public static RootCommand CreateRootCommand(CliContext context)
    {
        var globals = new GlobalOptions();
        var runner = new CommandRunner(context, globals);
        var root = new RootCommand("The ingestion service's command-line client: submit jobs, follow them, and see what failed.")
        {
            SubmitCommand.Create(runner),
            StatusCommand.Create(runner),
            WatchCommand.Create(runner),
            PagesCommand.Create(runner),
            CancelCommand.Create(runner),
            RetryCommand.Create(runner),
            ListCommand.Create(runner),
            PipelineCommand.Create(runner),
        };
        globals.AddTo(root);
        ExitCodesHelp.AddTo(root, context.Output.Profile.Width);
        return root;
    }
}
