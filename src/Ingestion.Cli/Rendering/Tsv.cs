namespace Ingestion.Cli.Rendering;

/// <summary>
/// Tab-separated values, for a program reading a pipe: a header line, then one line per item. A tab, a line break or
/// a backslash inside a value is written <c>\t</c>, <c>\n</c>, <c>\r</c> or <c>\\</c> (as PostgreSQL's and MySQL's
/// batch output do), so every item stays on one line with its values in their columns, and nothing is lost.
/// </summary>
public static class Tsv
{
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        WriteRow(writer, header);
        foreach (var row in rows)
        {
            WriteRow(writer, row);
        }

        writer.Flush();
    }

    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("\t\r\n\\") < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> values) =>
        writer.WriteLine(string.Join('\t', values.Select(Escape)));
}
