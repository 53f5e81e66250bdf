using System.CommandLine;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest pipeline create|list|show|update|pause|resume|trigger|runs|delete</c>: recurring pipelines, each run a job
/// that the job commands (status, watch, pages) take by its id.
/// </summary>
public static class PipelineCommand
{
    public static Command Create(CommandRunner runner) =>
        new("pipeline", "Create and run recurring pipelines: a job on a schedule, each run a job of its own")
        {
            CreatePipeline(runner),
            List(runner),
            Show(runner),
            Update(runner),
            SetPaused(runner, paused: true),
            SetPaused(runner, paused: false),
            Trigger(runner),
            Runs(runner),
            Delete(runner),
        };

    private static Argument<Guid> PipelineId() => new("id") { Description = "The pipeline's id, as create printed it" };

    private static Argument<string> Spec() => new("spec") { Description = "The pipeline spec, a JSON file; - reads it from standard input" };

    private static Command CreatePipeline(CommandRunner runner)
    {
        var spec = Spec();
        var command = new Command("create", "Create a pipeline from a JSON spec") { spec };
        runner.Attach(command, async invocation =>
        {
            if (await SpecFile.ReadAsync(invocation, invocation.Value(spec), "pipeline spec") is not { } json)
            {
                return ExitCodes.Usage;
            }

            var pipeline = await invocation.Api.CreatePipelineAsync(json, invocation.CancellationToken);
            ConsoleLine.Write(
                invocation.Output,
                $"Created pipeline [bold]{pipeline.Id}[/] ({Markup.Escape(pipeline.Spec?.Name ?? "")}): " +
                $"{Markup.Escape(PipelineFormats.Schedule(pipeline.Spec?.Schedule))}, first run at {Formats.IsoTime(pipeline.NextRunAt)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CommandRunner runner) =>
        ListingCommand.Create(
            runner,
            "list",
            "List pipelines, newest first",
            "Pipelines",
            "pipeline",
            PipelineListColumns.All,
            (invocation, skip, take) => invocation.Api.ListPipelinesAsync(skip, take, invocation.CancellationToken),
            (invocation, skip, take) => invocation.Api.ListPipelinesJsonAsync(skip, take, invocation.CancellationToken));

    private static Command Show(CommandRunner runner)
    {
        var id = PipelineId();
        var json = JsonOption.Create();
        var command = new Command("show", "Show a pipeline: schedule, paused, next and last run, watermark") { id, json };
        runner.Attach(command, async invocation =>
        {
            if (invocation.Value(json))
            {
                await JsonOutput.WriteAsync(
                    invocation.Output,
                    await invocation.Api.GetPipelineJsonAsync(invocation.Value(id), invocation.CancellationToken),
                    invocation.CancellationToken);
                return ExitCodes.Success;
            }

            PipelineTable.Write(invocation.Output, await invocation.Api.GetPipelineAsync(invocation.Value(id), invocation.CancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var id = PipelineId();
        var spec = Spec();
        var reset = new Option<bool>("--reset-watermark") { Description = "Start again from the new spec's incremental.initial instead of keeping the watermark" };
        var command = new Command("update", "Replace a pipeline's spec; the watermark stays unless --reset-watermark") { id, spec, reset };
        runner.Attach(command, async invocation =>
        {
            if (await SpecFile.ReadAsync(invocation, invocation.Value(spec), "pipeline spec") is not { } json)
            {
                return ExitCodes.Usage;
            }

            var pipeline = await invocation.Api.ReplacePipelineAsync(invocation.Value(id), json, invocation.Value(reset), invocation.CancellationToken);
            ConsoleLine.Write(invocation.Output, $"Updated pipeline [bold]{pipeline.Id}[/]: next run at {Formats.IsoTime(pipeline.NextRunAt)}, watermark {Markup.Escape(pipeline.Watermark?.Text ?? Formats.None)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetPaused(CommandRunner runner, bool paused)
    {
        var id = PipelineId();
        var command = paused
            ? new Command("pause", "Pause the schedule: ticks pass without a run and are not caught up") { id }
            : new Command("resume", "Resume the schedule from its next tick") { id };
        runner.Attach(command, async invocation =>
        {
            var pipeline = await invocation.Api.SetPipelinePausedAsync(invocation.Value(id), paused, invocation.CancellationToken);
            ConsoleLine.Write(
                invocation.Output,
                pipeline.Paused
                    ? $"Pipeline [bold]{pipeline.Id}[/] is paused."
                    : $"Pipeline [bold]{pipeline.Id}[/] runs again: next run at {Formats.IsoTime(pipeline.NextRunAt)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Trigger(CommandRunner runner)
    {
        var id = PipelineId();
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the run until it ends; the exit code then says how it ended" };
        var command = new Command("trigger", "Start a run now (a run under way is answered instead)") { id, watch };
        runner.Attach(command, async invocation =>
        {
            var run = await invocation.Api.TriggerPipelineAsync(invocation.Value(id), invocation.CancellationToken);
            ConsoleLine.Write(invocation.Output, $"Run [bold]#{run.Number}[/] is job [bold]{run.JobId}[/] ({Markup.Escape(run.Trigger ?? "")}).");
            return invocation.Value(watch) ? await WatchCommand.FollowAsync(invocation, run.JobId) : ExitCodes.Success;
        });
        return command;
    }

    private static Command Runs(CommandRunner runner)
    {
        var id = PipelineId();
        return ListingCommand.Create(
            runner,
            "runs",
            "List a pipeline's runs, newest first",
            "Runs",
            "run",
            PipelineRunColumns.All,
            (invocation, skip, take) => invocation.Api.ListPipelineRunsAsync(invocation.Value(id), skip, take, invocation.CancellationToken),
            (invocation, skip, take) => invocation.Api.ListPipelineRunsJsonAsync(invocation.Value(id), skip, take, invocation.CancellationToken),
            id);
    }

    private static Command Delete(CommandRunner runner)
    {
        var id = PipelineId();
        var command = new Command("delete", "Delete a pipeline: its schedule stops; its runs' jobs and data stay") { id };
        runner.Attach(command, async invocation =>
        {
            await invocation.Api.DeletePipelineAsync(invocation.Value(id), invocation.CancellationToken);
            ConsoleLine.Write(invocation.Output, $"Deleted pipeline [bold]{invocation.Value(id)}[/]; its runs' jobs and data stay.");
            return ExitCodes.Success;
        });
        return command;
    }
}
