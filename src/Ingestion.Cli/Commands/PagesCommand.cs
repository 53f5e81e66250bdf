using System.CommandLine;
using Ingestion.Cli.Api;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest pages ID [--failed | --status STATUS] [--skip N] [--take N] [--all] [--json]</c>: a job's pages, and why
/// some failed.
/// </summary>
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
        var json = JsonOption.Create("Print the API's JSON as it came, for other tools; with --all, JSON Lines: one page per line");
        var command = new Command("pages", "List a job's pages in page order, with their HTTP status, attempts and error")
        {
            id, failed, status, skip, take, all, json,
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
            var api = invocation.Api;
            var cancellationToken = invocation.CancellationToken;
            var first = invocation.Value(skip) ?? 0;

            if (invocation.Value(json))
            {
                if (!invocation.Value(all))
                {
                    await JsonOutput.WriteAsync(
                        invocation.Output,
                        await api.ListPagesJsonAsync(jobId, filter, invocation.Value(skip), invocation.Value(take), cancellationToken),
                        cancellationToken);
                    return ExitCodes.Success;
                }

                // Written as each answer comes: a job of 100,000 pages is never held whole.
                var batch = invocation.Value(take) ?? AllBatchSize;
                await foreach (var listing in AllPages.ReadAsync(from => api.ListPagesAsJsonItemsAsync(jobId, filter, from, batch, cancellationToken), first))
                {
                    await JsonOutput.WriteLinesAsync(invocation.Output, listing.Items, cancellationToken);
                }

                return ExitCodes.Success;
            }

            var pages = new List<PageRecord>();
            int total;
            if (invocation.Value(all))
            {
                var batch = invocation.Value(take) ?? AllBatchSize;
                total = 0;
                await foreach (var listing in AllPages.ReadAsync(from => api.ListPagesAsync(jobId, filter, from, batch, cancellationToken), first))
                {
                    pages.AddRange(listing.Items);
                    total = listing.Total;
                }
            }
            else
            {
                var listing = await api.ListPagesAsync(jobId, filter, invocation.Value(skip), invocation.Value(take), cancellationToken);
                pages.AddRange(listing.Items);
                total = listing.Total;
            }

            var what = filter is { } only ? $"{ApiJson.QueryValue(only)} page" : "page";
            ListOutput.Write(invocation.Output, invocation.Error, PageListColumns.All, pages, Slice.Describe(first, pages.Count, total, what));
            return ExitCodes.Success;
        });

        return command;
    }
}
