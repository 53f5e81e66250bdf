using System.Globalization;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>An animated progress bar for an interactive terminal, with the job's rate, ETA and failures beside it.</summary>
public static class LiveProgress
{
    /// <summary>
    /// Shows a bar while <paramref name="follow"/> runs; <paramref name="follow"/> reports each state through the
    /// callback it is given and returns the final one.
    /// </summary>
    public static Task<JobView> ShowAsync(IAnsiConsole console, string label, Func<Action<JobView>, Task<JobView>> follow) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: 1);
                var final = await follow(job => Update(task, label, job));
                task.StopTask();
                return final;
            });

    private static void Update(ProgressTask task, string label, JobView job)
    {
        var pages = job.Pages;
        task.IsIndeterminate = !pages.TotalKnown;
        task.MaxValue = Math.Max(pages.Total, 1);
        task.Value = pages.Ended;
        var failures = pages.Failed > 0 ? $"[red]{pages.Failed} failed[/]" : "0 failed";
        var retries = pages.WaitingRetry > 0 ? $" · [yellow]{pages.WaitingRetry} retrying[/]" : "";
        var rate = job.IsFinished ? "" : $" · {Formats.PagesPerSecond(job.Progress)} pages/s · ETA {Formats.Eta(job.Progress)}";
        task.Description = string.Create(
            CultureInfo.InvariantCulture,
            $"{Markup.Escape(label)} {Formats.StatusMarkup(job.Status)} {pages.Ended}/{pages.Total}{(pages.TotalKnown ? "" : "+")} · {failures}{retries}{rate}");
    }
}
