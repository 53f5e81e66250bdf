using System.Globalization;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// An animated progress bar for an interactive terminal, with the job's rate, ETA, failures and records beside it.
/// While the source's end is not found the bar pulses and the count says how many pages have ended so far, with no
/// percentage.
/// </summary>
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
                new PercentageWhenKnownColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: 1);
                var final = await follow(job =>
                {
                    Update(task, label, job);

                    // States come at most once a second: drawing each at once costs little, and no state is skipped
                    // for falling between two ticks of the refresh.
                    context.Refresh();
                });
                task.StopTask();
                return final;
            });

    private static void Update(ProgressTask task, string label, JobView job)
    {
        var pages = job.Pages;
        var totalUnknown = !pages.TotalKnown && !job.IsFinished;
        task.IsIndeterminate = totalUnknown;

        // An indeterminate bar pulses only while it is short of its end, which a count of pages known so far reaches
        // whenever the job catches up with its discovery.
        task.MaxValue = totalUnknown ? 1 : Math.Max(pages.Total, 1);
        task.Value = totalUnknown ? 0 : pages.Ended;

        var count = totalUnknown
            ? $"{Plural.Count(pages.Ended, "page")} so far"
            : string.Create(CultureInfo.InvariantCulture, $"{pages.Ended}/{pages.Total}");
        var failures = pages.Failed > 0 ? $"[red]{pages.Failed} failed[/]" : "0 failed";
        var retries = pages.WaitingRetry > 0 ? $" · [yellow]{pages.WaitingRetry} retrying[/]" : "";
        var rate = job.IsFinished ? "" : $" · {Formats.PagesPerSecond(job.Progress)} pages/s · ETA {Formats.Eta(job.Progress)}";
        var records = RecordsText.DescribeMarkup(job) is { } written ? $" · {written}" : "";
        task.Description = string.Create(
            CultureInfo.InvariantCulture,
            $"{Markup.Escape(label)} {Formats.StatusMarkup(job.Status)} {count} · {failures}{retries}{rate}{records}");
    }
}
