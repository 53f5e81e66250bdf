using System.CommandLine;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest retry ID [--watch]</c>: fetches an ended job's failed pages again (and those a job that stopped early never
/// fetched), into the same prefix; the manifest is written anew when the job ends.
/// </summary>
public static class RetryCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the job until it ends; the exit code then says how it ended" };
        var command = new Command("retry", "Fetch an ended job's failed pages again (pages already stored are kept)") { id, watch };

        runner.Attach(command, async invocation =>
        {
            var before = await invocation.Api.GetJobAsync(invocation.Value(id), invocation.CancellationToken);
            var job = await invocation.Api.RetryFailedPagesAsync(invocation.Value(id), invocation.CancellationToken);
            var stored = job.Pages.Succeeded;
            var again = before.Pages.Total - stored;
            ConsoleLine.Write(
                invocation.Output,
                $"Job [bold]{job.Id}[/] is {Formats.StatusMarkup(job.Status)} again: {Plural.Count(stored, "page")} stored are kept, " +
                $"{Plural.Count(Math.Max(0, again), "page")} to fetch{(job.Pages.TotalKnown ? "" : " (and the rest of the source)")}.");

            return invocation.Value(watch) ? await WatchCommand.FollowAsync(invocation, job.Id) : ExitCodes.Success;
        });

        return command;
    }
}
