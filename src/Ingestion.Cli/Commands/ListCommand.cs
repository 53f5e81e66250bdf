using System.CommandLine;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest list [--take N] [--continuation TOKEN] [--json]</c>: the jobs, newest first, a slice at a time; the line
/// under the table says how to ask for the next slice.
/// </summary>
public static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var take = new Option<int?>("--take") { Description = "Jobs to show, 1 to 1000 [default: the API's, 100]", HelpName = "n" };
        var continuation = new Option<string?>("--continuation")
        {
            Description = "Where to go on from: the continuation the previous list printed",
            HelpName = "token",
        };
        var json = JsonOption.Create();
        var command = new Command("list", "List jobs, newest first") { take, continuation, json };
        runner.Attach(command, async invocation =>
        {
            var (takeValue, from) = (invocation.Value(take), invocation.Value(continuation));
            if (invocation.Value(json))
            {
                await JsonOutput.WriteAsync(
                    invocation.Output, await invocation.Api.ListJobsJsonAsync(takeValue, from, invocation.CancellationToken), invocation.CancellationToken);
                return ExitCodes.Success;
            }

            var slice = await invocation.Api.ListJobsAsync(takeValue, from, invocation.CancellationToken);
            ListOutput.Write(invocation.Output, invocation.Error, JobListColumns.All, slice.Items, Slice.DescribeContinued(slice.Items.Count, slice.Continuation, "job"));
            return ExitCodes.Success;
        });

        return command;
    }
}
