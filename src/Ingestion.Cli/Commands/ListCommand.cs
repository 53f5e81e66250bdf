using System.CommandLine;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest list [--skip N] [--take N]</c>: the jobs, newest first.</summary>
public static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var skip = new Option<int?>("--skip") { Description = "Jobs to leave out from the newest", HelpName = "n" };
        var take = new Option<int?>("--take") { Description = "Jobs to show, 1 to 1000 [default: the API's, 100]", HelpName = "n" };
        var command = new Command("list", "List jobs, newest first") { skip, take };

        runner.Attach(command, async invocation =>
        {
            var jobs = await invocation.Api.ListJobsAsync(invocation.Value(skip), invocation.Value(take), invocation.CancellationToken);
            var table = new Table()
                .Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("id").NoWrap())
                .AddColumn("name")
                .AddColumn("status")
                .AddColumn("created")
                .AddColumn("completed");
            foreach (var job in jobs.Items)
            {
                table.AddRow(
                    new Text(job.Id.ToString()),
                    new Text(job.Name ?? Formats.None),
                    new Markup(Formats.StatusMarkup(job.Status)),
                    new Text(Formats.Time(job.CreatedAt)),
                    new Text(Formats.Time(job.CompletedAt)));
            }

            table.Caption(Slice.Describe(jobs.Skip, jobs.Items.Count, jobs.Total, "jobs"));
            invocation.Output.Write(table);
            return ExitCodes.Success;
        });

        return command;
    }
}
