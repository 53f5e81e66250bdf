using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>A JSON spec that a command takes as a file, or from standard input for <c>-</c>.</summary>
public static class SpecFile
{
    public const string StandardInput = "-";

    /// <summary>The spec's text, or null after saying on the error output why it could not be read.</summary>
    public static async Task<string?> ReadAsync(CommandInvocation invocation, string path, string what)
    {
        try
        {
            return path == StandardInput
                ? await invocation.Context.Input.ReadToEndAsync(invocation.CancellationToken)
                : await File.ReadAllTextAsync(path, invocation.CancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            ConsoleLine.Write(invocation.Error, $"[red]Cannot read the {what} {Markup.Escape(path)}:[/] {Markup.Escape(exception.Message)}");
            return null;
        }
    }
}
