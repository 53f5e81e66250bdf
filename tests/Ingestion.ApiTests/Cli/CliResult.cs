using System.Globalization;
using System.Text.RegularExpressions;

namespace Ingestion.ApiTests.Cli;

/// <summary>What one command line did: its exit code, and what it wrote, together and to each stream.</summary>
/// <param name="Output">Standard output and standard error, in the order they were written.</param>
internal sealed partial record CliResult(int ExitCode, string Output, string StandardOutput, string StandardError)
{
    public string[] Lines => SplitLines(Output);

    /// <summary>The lines of standard output alone, as written (tabs and all).</summary>
    public string[] OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();

    /// <summary>The id from <c>Submitted job {id}</c>.</summary>
    public Guid SubmittedJobId
    {
        get
        {
            var match = SubmittedPattern().Match(Output);
            Assert.True(match.Success, $"No 'Submitted job' line in:\n{Output}");
            return Guid.Parse(match.Groups[1].Value);
        }
    }

    /// <summary>
    /// The value beside <paramref name="field"/> in a job's status: a <c>field→value</c> TSV line from a pipe, or a
    /// row of the table at a terminal.
    /// </summary>
    public string StatusField(string field)
    {
        var row = OutputLines
            .Select(line => StatusTsvPattern().Match(line))
            .Concat(Lines.Select(line => StatusRowPattern().Match(line)))
            .FirstOrDefault(m => m.Success && m.Groups[1].Value == field);
        Assert.True(row is not null, $"No '{field}' row in:\n{Output}");
        return row.Groups[2].Value;
    }

    /// <summary>The TSV rows of standard output after its header line, each split into its values.</summary>
    public IReadOnlyList<string[]> TsvRows(string expectedHeader)
    {
        var lines = OutputLines;
        Assert.True(lines.Length > 0 && lines[0] == expectedHeader, $"No header line '{expectedHeader}' in:\n{StandardOutput}");
        return [.. lines.Skip(1).Select(line => line.Split('\t'))];
    }

    /// <summary>The numbers in the first column of a list (the page numbers of <c>pages</c>), from TSV or a table.</summary>
    public IReadOnlyList<int> FirstColumnNumbers() =>
    [
        .. OutputLines.Select(line => NumberTsvPattern().Match(line))
            .Concat(Lines.Select(line => NumberRowPattern().Match(line)))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
    ];

    public override string ToString() => $"exit {ExitCode}:\n{Output}";

    private static string[] SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"Submitted job ([0-9a-f-]{36})")]
    private static partial Regex SubmittedPattern();

    [GeneratedRegex(@"^([a-zA-Z/ ]+)\t(.*)$")]
    private static partial Regex StatusTsvPattern();

    [GeneratedRegex(@"^[│|]\s*([a-zA-Z/ ]+?)\s*[│|]\s*(.*?)\s*[│|]$")]
    private static partial Regex StatusRowPattern();

    [GeneratedRegex(@"^(\d+)\t")]
    private static partial Regex NumberTsvPattern();

    [GeneratedRegex(@"^[│|]\s*(\d+)\s*[│|]")]
    private static partial Regex NumberRowPattern();
}
