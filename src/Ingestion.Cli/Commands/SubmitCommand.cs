using System.CommandLine;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest submit spec.json [--watch] [--idempotency-key KEY]</c>: starts a job from a JSON spec.</summary>
public static class SubmitCommand
{
    public static Command Create(CommandRunner runner)
    {
        var spec = new Argument<string>("spec") { Description = "The job spec, a JSON file; - reads it from standard input" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the job until it ends; the exit code then says how it ended" };
        var idempotencyKey = new Option<string?>("--idempotency-key")
        {
            Description = "Makes the submission safe to repeat: the same key and spec reach the same job",
            HelpName = "key",
        };
        var command = new Command("submit", "Submit an ingestion job") { spec, watch, idempotencyKey };

        runner.Attach(command, async invocation =>
        {
            if (await SpecFile.ReadAsync(invocation, invocation.Value(spec), "job spec") is not { } json)
            {
                return ExitCodes.Usage;
            }

            var job = await invocation.Api.SubmitJobAsync(json, invocation.Value(idempotencyKey), invocation.CancellationToken);
            var name = job.Name is null ? "" : $" ({Markup.Escape(job.Name)})";
            var pages = Plural.Count(job.Pages.Total, "page") + (job.Pages.TotalKnown ? "" : " so far");
            ConsoleLine.Write(invocation.Output, $"Submitted job [bold]{job.Id}[/]{name}: {Formats.StatusMarkup(job.Status)}, {pages}.");

            return invocation.Value(watch) ? await WatchCommand.FollowAsync(invocation, job.Id) : ExitCodes.Success;
        });

        return command;
    }
}
