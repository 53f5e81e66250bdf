using System.CommandLine;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest status ID [--json]</c>: how a job stands, as a table or as the API's JSON.</summary>
public static class StatusCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var json = new Option<bool>("--json") { Description = "Print the API's JSON as it came, for other tools" };
        var command = new Command("status", "Show a job's status, counts, rate and ETA") { id, json };

        runner.Attach(command, async invocation =>
        {
            if (invocation.Value(json))
            {
                // Straight to the writer: the console would wrap long lines, and JSON must stay as it came.
                var writer = invocation.Output.Profile.Out.Writer;
                await writer.WriteLineAsync((await invocation.Api.GetJobJsonAsync(invocation.Value(id), invocation.CancellationToken)).AsMemory(), invocation.CancellationToken);
                await writer.FlushAsync(invocation.CancellationToken);
                return ExitCodes.Success;
            }

            var job = await invocation.Api.GetJobAsync(invocation.Value(id), invocation.CancellationToken);
            invocation.Output.Write(JobStatusTable.Create(job));
            return ExitCodes.Success;
        });

        return command;
    }
}
