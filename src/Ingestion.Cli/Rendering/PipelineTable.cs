using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>A pipeline at a glance (<see cref="FactTable"/>): its schedule, whether it is paused, its next and last run, its watermark.</summary>
public static class PipelineTable
{
    public static void Write(IAnsiConsole console, PipelineView pipeline) => FactTable.Write(console, Facts(pipeline));

    private static List<Fact> Facts(PipelineView pipeline)
    {
        var spec = pipeline.Spec;
        var facts = new List<Fact>
        {
            Fact.Plain("pipeline", pipeline.Id.ToString()),
            Fact.Plain("name", spec?.Name ?? Formats.None),
            Fact.Plain("schedule", PipelineFormats.Schedule(spec?.Schedule)),
            Fact.Plain("overlap", spec?.Overlap ?? Formats.None),
            Fact.Plain("catch-up", spec?.CatchUp ?? Formats.None),
            pipeline.Paused
                ? new Fact("paused", "yes", new Text("yes: ticks pass without a run", new Style(Color.Yellow)))
                : Fact.Plain("paused", "no"),
            Fact.Plain("next run", Formats.IsoTime(pipeline.NextRunAt)),
            Fact.Plain("watermark", pipeline.Watermark?.Text ?? Formats.None),
            Fact.Plain("runs", Formats.Count(pipeline.Runs)),
        };
        if (pipeline.LastRun is { } run)
        {
            facts.Add(Fact.Plain("last run", $"#{run.Number} {run.Status?.ToString() ?? "starting"} (job {run.JobId})"));
        }

        facts.Add(Fact.Plain("skipped ticks", Formats.Count(pipeline.SkippedTicks)));
        facts.Add(Fact.Plain("missed ticks", Formats.Count(pipeline.MissedTicks)));
        facts.Add(Fact.Plain("waiting ticks", Formats.Count(pipeline.WaitingTicks)));
        facts.Add(Fact.Plain("created", Formats.IsoTime(pipeline.CreatedAt)));
        return facts;
    }
}
