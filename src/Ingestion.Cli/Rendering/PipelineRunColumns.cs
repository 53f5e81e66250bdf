using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>The columns of <c>ingest pipeline runs</c>: the run, what started it, its job, how it ended, its watermarks.</summary>
public static class PipelineRunColumns
{
    public static IReadOnlyList<ListColumn<PipelineRun>> All { get; } =
    [
        new("run", run => run.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), run => new Text($"#{run.Number}")),
        new("job", run => run.JobId.ToString(), run => FittedText.Whole(run.JobId.ToString())),
        new("status", run => run.Status?.ToString() ?? "starting", run => run.Status is { } status ? new Markup(Formats.StatusMarkup(status)) : new Text("starting")),
        new("trigger", run => run.Trigger ?? "", run => new Text(run.Trigger ?? Formats.None)),
        new("from", run => run.WatermarkFrom?.Text ?? "", run => FittedText.ShortenedAtEnd(run.WatermarkFrom?.Text ?? Formats.None, 10)) { Shrinks = true, DropOrder = 2 },
        new("to", run => run.WatermarkTo?.Text ?? "", run => FittedText.ShortenedAtEnd(run.WatermarkTo?.Text ?? Formats.None, 10)) { Shrinks = true, DropOrder = 3 },
        new("created", run => Formats.IsoTime(run.CreatedAt), run => FittedText.Time(run.CreatedAt)) { Shrinks = true, DropOrder = 1 },
    ];
}
