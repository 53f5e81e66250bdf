using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Something at a glance, one labelled row per fact: at a terminal a table that stays readable in a narrow window, into
/// a file or a pipe the same facts as TSV (<c>field</c>, <c>value</c>), every value whole.
/// </summary>
public static class FactTable
{
    private static readonly string[] Header = ["field", "value"];

    public static void Write(IAnsiConsole console, IReadOnlyList<Fact> facts)
    {
        if (console.IsTerminal())
        {
            var table = new Table()
                .Border(TableBorder.Rounded)
                .HideHeaders()
                .AddColumn(new TableColumn("field").NoWrap())
                .AddColumn("value");
            foreach (var fact in facts)
            {
                table.AddRow(new Text(fact.Field), fact.Cell);
            }

            console.Write(table);
            return;
        }

        Tsv.Write(console.Profile.Out.Writer, Header, facts.Select(fact => (IReadOnlyList<string>)[fact.Field, fact.Value]));
    }

    /// <summary>
    /// Text that wraps between words, as an error or a reason must be read whole; a word too long for the column (a
    /// URL in an error, say) ends in an ellipsis rather than break across lines. Values are text, never markup: names,
    /// URLs and errors come from users and upstreams.
    /// </summary>
    public static Text Prose(string value, Style? style = null) => new Text(value, style).Overflow(Overflow.Ellipsis);
}

/// <summary>One row of a <see cref="FactTable"/>.</summary>
/// <param name="Value">For a program: whole and plain, empty when there is none.</param>
/// <param name="Cell">For a person at a terminal.</param>
public sealed record Fact(string Field, string Value, IRenderable Cell)
{
    public static Fact Plain(string field, string value) => new(field, value == Formats.None ? "" : value, FactTable.Prose(value));
}
