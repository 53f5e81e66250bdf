using System.CommandLine;
using System.Globalization;
using Ingestion.Cli.Api;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest pages ID [--failed | --status STATUS] [--skip N] [--take N] [--all]</c>: a job's pages, and why some failed.</summary>
public static class PagesCommand
{
    /// <summary>How many pages one request asks for with <c>--all</c> when <c>--take</c> is not given: the API's most.</summary>
    public const int AllBatchSize = 1000;

    /// <summary>The statuses a page can be asked by, as the API spells them.</summary>
    private static readonly string[] StatusNames =
        [.. Enum.GetValues<PageStatus>().Where(s => s != PageStatus.Unknown).Select(ApiJson.QueryValue)];

    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var failed = new Option<bool>("--failed") { Description = "Only the pages that failed for good (as --status failed)" };
        var status = new Option<string?>("--status")
        {
            Description = $"Only the pages in this status: {string.Join(", ", StatusNames)}",
            HelpName = "status",
        };
        status.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, StatusNames);
        var skip = new Option<int?>("--skip") { Description = "Pages to leave out from the first", HelpName = "n" };
        var take = new Option<int?>("--take")
        {
            Description = $"Pages to show, 1 to 1000 [default: the API's, 100]; with --all, pages per request [default: {AllBatchSize}]",
            HelpName = "n",
        };
        var all = new Option<bool>("--all") { Description = "Every page from --skip on, however many requests that takes" };
        var command = new Command("pages", "List a job's pages in page order, with their HTTP status, attempts and error")
        {
            id, failed, status, skip, take, all,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(failed) && result.GetValue(status) is not null)
            {
                result.AddError("Give --failed or --status, not both.");
            }
        });

        runner.Attach(command, async invocation =>
        {
            var jobId = invocation.Value(id);
            PageStatus? filter = invocation.Value(failed)
                ? PageStatus.Failed
                : invocation.Value(status) is { } name ? Enum.Parse<PageStatus>(name, ignoreCase: true) : null;
            var first = invocation.Value(skip) ?? 0;
            var pages = new List<PageRecord>();
            int total;
            if (invocation.Value(all))
            {
                var batch = invocation.Value(take) ?? AllBatchSize;
                Listing<PageRecord> listing;
                do
                {
                    listing = await invocation.Api.ListPagesAsync(jobId, filter, first + pages.Count, batch, invocation.CancellationToken);
                    pages.AddRange(listing.Items);
                }
                while (listing.Items.Count > 0 && first + pages.Count < listing.Total);

                total = listing.Total;
            }
            else
            {
                var listing = await invocation.Api.ListPagesAsync(jobId, filter, invocation.Value(skip), invocation.Value(take), invocation.CancellationToken);
                pages.AddRange(listing.Items);
                total = listing.Total;
            }

            var what = filter is { } only ? $"{ApiJson.QueryValue(only)} pages" : "pages";
            invocation.Output.Write(Table(pages).Caption(Slice.Describe(first, pages.Count, total, what)));
            return ExitCodes.Success;
        });

        return command;
    }

    private static Table Table(IEnumerable<PageRecord> pages)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("page").RightAligned().NoWrap())
            .AddColumn(new TableColumn("status").NoWrap())
            .AddColumn(new TableColumn("http").RightAligned().NoWrap())
            .AddColumn(new TableColumn("attempts").RightAligned().NoWrap())
            .AddColumn("url")
            .AddColumn("error");
        foreach (var page in pages)
        {
            table.AddRow(
                new Text(page.Page.ToString(CultureInfo.InvariantCulture)),
                new Markup(Formats.StatusMarkup(page.Status)),
                new Text(page.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? Formats.None),
                new Text(page.Attempts.ToString(CultureInfo.InvariantCulture)),
                new Text(page.Url),
                new Text(page.Error ?? ""));
        }

        return table;
    }
}
