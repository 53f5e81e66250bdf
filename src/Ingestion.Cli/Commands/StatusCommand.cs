using System.CommandLine;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest status ID [--json]</c>: how a job stands (its records too, when it writes them), as a table or as the API's JSON.</summary>
public static class StatusCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var json = JsonOption.Create();
        var command = new Command("status", "Show a job's status, counts, rate, ETA, records and how its source ended") { id, json };

        runner.Attach(command, async invocation =>
        {
            if (invocation.Value(json))
            {
                await JsonOutput.WriteAsync(
                    invocation.Output,
                    await invocation.Api.GetJobJsonAsync(invocation.Value(id), invocation.CancellationToken),
                    invocation.CancellationToken);
                return ExitCodes.Success;
            }

            var job = await invocation.Api.GetJobAsync(invocation.Value(id), invocation.CancellationToken);
            JobStatusTable.Write(invocation.Output, job);
            return ExitCodes.Success;
        });

        return command;
    }
}
