using System.CommandLine;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest list [--skip N] [--take N] [--json]</c>: the jobs, newest first.</summary>
public static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var skip = new Option<int?>("--skip") { Description = "Jobs to leave out from the newest", HelpName = "n" };
        var take = new Option<int?>("--take") { Description = "Jobs to show, 1 to 1000 [default: the API's, 100]", HelpName = "n" };
        var json = JsonOption.Create();
        var command = new Command("list", "List jobs, newest first") { skip, take, json };

        runner.Attach(command, async invocation =>
        {
            if (invocation.Value(json))
            {
                await JsonOutput.WriteAsync(
                    invocation.Output,
                    await invocation.Api.ListJobsJsonAsync(invocation.Value(skip), invocation.Value(take), invocation.CancellationToken),
                    invocation.CancellationToken);
                return ExitCodes.Success;
            }

            var jobs = await invocation.Api.ListJobsAsync(invocation.Value(skip), invocation.Value(take), invocation.CancellationToken);
            ListOutput.Write(
                invocation.Output,
                invocation.Error,
                JobListColumns.All,
                jobs.Items,
                Slice.Describe(jobs.Skip, jobs.Items.Count, jobs.Total, "job"));
            return ExitCodes.Success;
        });

        return command;
    }
}
