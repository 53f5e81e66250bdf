using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Prints a list: at a terminal as a table that fits the window, its caption beneath; into a file or a pipe as TSV,
/// every value whole, with the caption (which says how much of a longer list this is) on standard error, where the
/// person sees it and the program reading the data does not.
/// </summary>
public static class ListOutput
{
    public static void Write<T>(
        IAnsiConsole output,
        IAnsiConsole error,
        IReadOnlyList<ListColumn<T>> columns,
        IReadOnlyList<T> items,
        string caption)
    {
        if (output.IsTerminal())
        {
            output.Write(FittingTable.Create(output, columns, items, caption));
            return;
        }

        Tsv.Write(
            output.Profile.Out.Writer,
            [.. columns.Select(c => c.Header)],
            items.Select(item => (IReadOnlyList<string>)[.. columns.Select(c => c.Value(item))]));
        ConsoleLine.Write(error, Markup.Escape(caption));
    }
}
