using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Writes one logical line. In a terminal it goes through the console, in colour; to a file or a pipe it is written
/// as plain text straight to the output, because the console would break it at its assumed width of 80 columns and
/// a script reading it wants one line.
/// </summary>
public static class ConsoleLine
{
    public static void Write(IAnsiConsole console, string markup)
    {
        if (console.IsTerminal())
        {
            console.MarkupLine(markup);
            return;
        }

        var writer = console.Profile.Out.Writer;
        writer.WriteLine(Markup.Remove(markup));
        writer.Flush();
    }
}
