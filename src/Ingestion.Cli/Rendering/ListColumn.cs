using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// One column of a list the client prints (jobs, pages): its header, each item's value for a program to read (whole
/// and plain), and the same value as a cell for a person at a terminal.
/// </summary>
/// <param name="Header">The column's name, in a table's header and on a TSV header line alike.</param>
/// <param name="Value">The whole value; empty when there is none.</param>
/// <param name="Cell">The value in a terminal table: a <see cref="FittedText"/>, or colour markup for a status.</param>
public sealed record ListColumn<T>(string Header, Func<T, string> Value, Func<T, IRenderable> Cell)
{
    /// <summary>Whether the table may narrow this column to fit the terminal, its cells then shortening themselves.</summary>
    public bool Shrinks { get; init; }

    public bool RightAligned { get; init; }

    /// <summary>
    /// Null for a column that is always shown. Otherwise the column is left out of a terminal too narrow for every
    /// column; the one with the highest number goes first.
    /// </summary>
    public int? DropOrder { get; init; }
}
