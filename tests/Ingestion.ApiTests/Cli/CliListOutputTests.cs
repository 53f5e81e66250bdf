using System.Globalization;
using System.Text.RegularExpressions;
using Ingestion.Cli;
using Ingestion.Cli.Rendering;

namespace Ingestion.ApiTests.Cli;

/// <summary>
/// How <c>list</c> and <c>pages</c> print: into a pipe, a header and one TSV row per item with every value whole; at
/// an 80-column terminal, a table with one line per item, long values shortened rather than broken across lines.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CliListOutputTests(ApiEnvironment api)
{
    private const string JobsHeader = "id\tname\tstatus\tcreated\tcompleted";
    private const string PagesHeader = "page\tstatus\thttp\tattempts\turl\terror";

    /// <summary>A name far wider than an 80-column terminal leaves it.</summary>
    private static readonly string LongName = "nightly export of every customer order " + string.Join(' ', Enumerable.Range(1, 10).Select(i => $"region-{i}"));

    [Fact]
    public async Task List_into_a_pipe_prints_a_header_and_one_whole_tab_separated_row_per_job()
    {
        var id = await SubmitLongNamedJobAsync();

        var result = await CliRun.AgainstApiAsync(api, "list", "--take", "1000");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var rows = result.TsvRows(JobsHeader);
        Assert.All(rows, row => Assert.Equal(5, row.Length));
        var row = Assert.Single(rows, r => r[0] == id.ToString());
        Assert.Equal(LongName, row[1]);
        Assert.Contains(row[2], new[] { "Running", "Completed" });
        Assert.True(DateTimeOffset.TryParseExact(row[3], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), row[3]);
        Assert.DoesNotContain("│", result.StandardOutput, StringComparison.Ordinal);

        // How much of the list this is goes to standard error, out of the data.
        Assert.Matches(@"^\d+ jobs?, the last of the list$", result.StandardError.Trim());
    }

    [Fact]
    public async Task List_goes_on_from_the_continuation_it_printed()
    {
        await SubmitLongNamedJobAsync();
        var newestTwo = (await CliRun.AgainstApiAsync(api, "list", "--take", "2")).TsvRows(JobsHeader).Select(row => row[0]).ToList();

        var first = await CliRun.AgainstApiAsync(api, "list", "--take", "1");
        var more = Regex.Match(first.StandardError, "^1 job; more with --continuation (?<token>\\S+)$", RegexOptions.Multiline);
        Assert.True(more.Success, first.StandardError);
        var second = await CliRun.AgainstApiAsync(api, "list", "--take", "1", "--continuation", more.Groups["token"].Value);

        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(newestTwo, [first.TsvRows(JobsHeader).Single()[0], second.TsvRows(JobsHeader).Single()[0]]);
    }

    [Fact]
    public async Task List_at_an_80_column_terminal_keeps_each_job_on_one_line_with_its_id_whole()
    {
        var id = await SubmitLongNamedJobAsync();
        var listed = (await CliRun.AgainstApiAsync(api, "list", "--take", "5")).TsvRows(JobsHeader).Select(row => row[0]).ToList();

        var result = await CliRun.AtTerminalAgainstApiAsync(api, CliRun.StandardWidth, "list", "--take", "5");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertFits(result, CliRun.StandardWidth);
        var rows = TableRows(result);
        Assert.Equal(1 + listed.Count, rows.Count);
        Assert.StartsWith("│ id ", rows[0], StringComparison.Ordinal);
        Assert.All(listed, listedId => Assert.Single(rows, row => row.Contains(listedId, StringComparison.Ordinal)));
        var ours = Assert.Single(rows, row => row.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Contains("│ nightly ex", ours, StringComparison.Ordinal);
        Assert.Contains(Shorten.Ellipsis, ours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_into_a_pipe_prints_every_url_and_error_whole()
    {
        var (id, urls) = await RunLongUrlJobAsync();

        var result = await CliRun.AgainstApiAsync(api, "pages", id);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var rows = result.TsvRows(PagesHeader);
        Assert.All(rows, row => Assert.Equal(6, row.Length));
        Assert.Equal(["1", "2", "3"], rows.Select(row => row[0]));
        Assert.Equal(urls, rows.Select(row => row[4]));
        Assert.Equal(["Succeeded", "Failed", "Succeeded"], rows.Select(row => row[1]));
        Assert.Equal(["200", "404", "200"], rows.Select(row => row[2]));
        Assert.Equal("", rows[0][5]);
        Assert.NotEqual("", rows[1][5]);
        Assert.Equal("", rows[2][5]);
        Assert.Equal("1-3 of 3 pages", result.StandardError.Trim());
    }

    [Fact]
    public async Task Pages_at_an_80_column_terminal_shorten_urls_to_their_host_and_the_end_of_their_path()
    {
        var (id, _) = await RunLongUrlJobAsync();
        var host = new Uri(api.Upstream.BaseUrl).Authority;

        var result = await CliRun.AtTerminalAgainstApiAsync(api, CliRun.StandardWidth, "pages", id);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertFits(result, CliRun.StandardWidth);
        var rows = TableRows(result);
        Assert.Equal(4, rows.Count);
        Assert.All([1, 2, 3], page =>
        {
            var row = Assert.Single(rows, r => r.StartsWith($"│    {page} │", StringComparison.Ordinal));
            Assert.Matches($@"│ {Regex.Escape(host)}…[^│ ]*&n={page} *│", row);
        });
        Assert.Contains("404", rows.Single(r => r.StartsWith("│    2 │", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("1-3 of 3 pages", result.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<Guid> SubmitLongNamedJobAsync()
    {
        api.Upstream.Clear();
        var spec = CliSpecs.Range(api.Upstream, pages: 2);
        spec["name"] = LongName;
        using var file = await CliSpecs.WriteAsync(spec);
        return (await CliRun.AgainstApiAsync(api, "submit", file.Path)).SubmittedJobId;
    }

    /// <summary>A finished job of three pages with URLs of about 150 characters; page 2 failed with a 404.</summary>
    private async Task<(string Id, string[] Urls)> RunLongUrlJobAsync()
    {
        api.Upstream.Clear();
        api.Upstream.Fail(2, 404);
        using var file = await CliSpecs.WriteAsync(CliSpecs.RangeWithLongUrls(api.Upstream, pages: 3));
        var watch = await CliRun.AgainstApiAsync(api, "submit", file.Path, "--watch");
        Assert.True(watch.ExitCode == ExitCodes.JobFailed, watch.ToString());
        return (watch.SubmittedJobId.ToString(), [.. Enumerable.Range(1, 3).Select(page => CliSpecs.LongUrl(api.Upstream, page.ToString(CultureInfo.InvariantCulture)))]);
    }

    /// <summary>The lines of a table's header and rows (not its borders or caption).</summary>
    private static List<string> TableRows(CliResult result) =>
        [.. result.OutputLines.Where(line => line.StartsWith('│'))];

    private static void AssertFits(CliResult result, int width) =>
        Assert.All(result.OutputLines, line => Assert.True(Shorten.Cells(line) <= width, $"{Shorten.Cells(line)} cells: {line}\n{result}"));
}
