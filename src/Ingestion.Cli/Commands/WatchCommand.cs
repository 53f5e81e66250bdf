using System.CommandLine;
using Ingestion.Cli.Rendering;
using Ingestion.Cli.Watching;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest watch ID</c>: follows a job until it ends; the exit code says how it ended.</summary>
public static class WatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = JobIdArgument.Create();
        var command = new Command(
            "watch",
            "Follow a job until it ends, with its progress, rate, ETA and failures; Ctrl+C stops watching, not the job")
        {
            id,
        };
        runner.Attach(command, invocation => FollowAsync(invocation, invocation.Value(id)));
        return command;
    }

    /// <summary>
    /// Shows the job's progress until it ends (a live bar in a terminal, a line per change otherwise), then its final
    /// state; returns the exit code for how it ended.
    /// </summary>
    public static async Task<int> FollowAsync(CommandInvocation invocation, Guid id)
    {
        var watcher = new JobWatcher(invocation.Api);
        var output = invocation.Output;
        var interactive = output.Profile.Capabilities.Interactive && output.Profile.Capabilities.Ansi;
        var final = interactive
            ? await LiveProgress.ShowAsync(output, id.ToString(), report => watcher.WatchAsync(id, report, invocation.CancellationToken))
            : await watcher.WatchAsync(id, new PlainProgress(output).Show, invocation.CancellationToken);

        JobStatusTable.Write(output, final);
        return ExitCodes.ForFinishedJob(final.Status);
    }
}
