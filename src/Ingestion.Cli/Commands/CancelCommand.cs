using System.CommandLine;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest cancel ID</c>: stops a running job; a job that has already ended is refused.</summary>
public static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var command = new Command("cancel", "Cancel a running job (pages already stored stay stored)") { id };

        runner.Attach(command, async invocation =>
        {
            var job = await invocation.Api.CancelJobAsync(invocation.Value(id), invocation.CancellationToken);
            var pages = job.Pages;
            ConsoleLine.Write(
                invocation.Output,
                $"Job [bold]{job.Id}[/] is {Formats.StatusMarkup(job.Status)}: " +
                $"{pages.Succeeded} stored, {pages.Failed} failed, {pages.Cancelled} cancelled of {Plural.Count(pages.Total, "page")}.");
            return ExitCodes.Success;
        });

        return command;
    }
}
