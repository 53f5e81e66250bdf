using System.Text.RegularExpressions;

namespace Ingestion.ApiTests.Cli;

/// <summary>What one command line did: its exit code and everything it wrote.</summary>
internal sealed partial record CliResult(int ExitCode, string Output)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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

    /// <summary>The value beside <paramref name="field"/> in a job status table.</summary>
    public string StatusField(string field)
    {
        var row = Lines.Select(line => RowPattern().Match(line)).FirstOrDefault(m => m.Success && m.Groups[1].Value == field);
        Assert.True(row is not null, $"No '{field}' row in:\n{Output}");
        return row.Groups[2].Value;
    }

    /// <summary>The numbers in the first column of a table (the page numbers of a pages table).</summary>
    public IReadOnlyList<int> FirstColumnNumbers() =>
        [.. Lines.Select(line => NumberRowPattern().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    public override string ToString() => $"exit {ExitCode}:\n{Output}";

    [GeneratedRegex(@"Submitted job ([0-9a-f-]{36})")]
    private static partial Regex SubmittedPattern();

    [GeneratedRegex(@"^[│|]\s*([a-zA-Z/ ]+?)\s*[│|]\s*(.*?)\s*[│|]$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"^[│|]\s*(\d+)\s*[│|]")]
    private static partial Regex NumberRowPattern();
}
