using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// A list as a table that fits the terminal, one line per item. Columns that must stay whole (ids, numbers, statuses)
/// get their full width; the columns that may shrink share what is left, each at least as wide as its cells say they
/// need to be read (see <see cref="FittedText"/>), and their cells shorten themselves to it. When even that is too
/// wide, optional columns are left out, and the caption says which.
/// </summary>
/// <remarks>
/// Spectre, given a table too wide, narrows columns without regard to how narrow a cell can usefully be, and at worst
/// narrows every column, breaking ids and times across lines; so the widths are settled here and given to it.
/// </remarks>
public static class FittingTable
{
    public static Table Create<T>(IAnsiConsole console, IReadOnlyList<ListColumn<T>> columns, IReadOnlyList<T> items, string caption)
    {
        var options = RenderOptions.Create(console, console.Profile.Capabilities);
        var width = console.Profile.Width;
        var rows = items.Select(item => columns.Select(column => column.Cell(item)).ToArray()).ToList();
        var measures = columns.Select((column, index) => Measure(options, width, column, rows.Select(row => row[index]))).ToList();

        var shown = Enumerable.Range(0, columns.Count).ToList();
        while (true)
        {
            var shrinking = shown.Where(i => columns[i].Shrinks).ToList();
            var room = width - Chrome(options, shown.Count) - shown.Where(i => !columns[i].Shrinks).Sum(i => measures[i].Max);
            var droppable = shown.Where(i => columns[i].DropOrder is not null).ToList();
            if (shrinking.Sum(i => measures[i].Min) <= room || droppable.Count == 0)
            {
                var widths = Share(room, [.. shrinking.Select(i => measures[i])]);

                // A column may use less than it was given (a time shows whole or in its compact form, nothing in
                // between): what none of its cells use goes to the other columns.
                var used = shrinking.Select((i, k) => Used(options, widths[k], columns[i].Header, rows.Select(row => row[i]))).ToArray();
                if (used.Sum() < widths.Sum())
                {
                    widths = Share(room, [.. shrinking.Select((i, k) => used[k] < widths[k] ? new Measurement(used[k], used[k]) : measures[i])]);
                }

                var table = Build(columns, rows, shown, shrinking.Zip(widths).ToDictionary(pair => pair.First, pair => pair.Second));
                var left = Enumerable.Range(0, columns.Count).Except(shown).Select(i => columns[i].Header).ToList();
                return table.Caption(left.Count == 0
                    ? caption
                    : $"{caption} ({string.Join(", ", left)} left out: the terminal is too narrow)");
            }

            shown.Remove(droppable.MaxBy(i => columns[i].DropOrder!.Value));
        }
    }

    /// <summary>The narrowest a column can usefully be, and the width that shows all of it.</summary>
    private static Measurement Measure<T>(RenderOptions options, int width, ListColumn<T> column, IEnumerable<IRenderable> cells)
    {
        var header = ((IRenderable)new Text(column.Header)).Measure(options, width);
        var measures = cells.Select(cell => cell.Measure(options, width)).Append(new Measurement(header.Max, header.Max)).ToList();
        return new Measurement(measures.Max(m => m.Min), measures.Max(m => m.Max));
    }

    /// <summary>The most cells that the header or any cell of a column takes when the column is <paramref name="width"/> wide.</summary>
    private static int Used(RenderOptions options, int width, string header, IEnumerable<IRenderable> cells)
    {
        var unaligned = options with { Justification = Justify.Left };
        return cells.Append(new Text(header))
            .Select(cell => Segment.CellCount(cell.Render(unaligned, width).Where(segment => !segment.IsLineBreak)))
            .Max();
    }

    /// <summary>
    /// Widths for the columns that shrink, within <paramref name="room"/>: each at least its minimum, the rest shared
    /// out evenly among those that could show more. Every column is as wide as it needs when there is room for all.
    /// </summary>
    private static int[] Share(int room, IReadOnlyList<Measurement> measures)
    {
        var widths = measures.Select(m => m.Min).ToArray();
        var left = room - widths.Sum();
        while (left > 0)
        {
            var wanting = Enumerable.Range(0, widths.Length).Where(i => widths[i] < measures[i].Max).ToList();
            if (wanting.Count == 0)
            {
                break;
            }

            var share = Math.Max(1, left / wanting.Count);
            foreach (var i in wanting)
            {
                var given = Math.Min(Math.Min(share, measures[i].Max - widths[i]), left);
                widths[i] += given;
                left -= given;
            }
        }

        return widths;
    }

    /// <summary>What the table's borders and cell padding take, as Spectre counts it.</summary>
    private static int Chrome(RenderOptions options, int columnCount)
    {
        var empty = NewTable();
        for (var i = 0; i < columnCount; i++)
        {
            empty.AddColumn(new TableColumn("") { Width = 0 });
        }

        return ((IRenderable)empty).Measure(options, int.MaxValue).Min;
    }

    private static Table Build<T>(
        IReadOnlyList<ListColumn<T>> columns,
        IReadOnlyList<IRenderable[]> rows,
        IReadOnlyList<int> shown,
        Dictionary<int, int> widths)
    {
        var table = NewTable();
        foreach (var i in shown)
        {
            var column = new TableColumn(new Text(columns[i].Header))
            {
                NoWrap = true,
                Width = widths.TryGetValue(i, out var width) ? width : null,
            };
            table.AddColumn(columns[i].RightAligned ? column.RightAligned() : column);
        }

        foreach (var row in rows)
        {
            table.AddRow(shown.Select(i => row[i]));
        }

        return table;
    }

    private static Table NewTable() => new Table().Border(TableBorder.Rounded);
}
