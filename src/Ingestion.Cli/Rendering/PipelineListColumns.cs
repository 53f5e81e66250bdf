using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>The columns of <c>ingest pipeline list</c>.</summary>
public static class PipelineListColumns
{
    private const int ShortestName = 8;

    public static IReadOnlyList<ListColumn<PipelineSummary>> All { get; } =
    [
        new("id", pipeline => pipeline.Id.ToString(), pipeline => FittedText.Whole(pipeline.Id.ToString())),
        new("name", pipeline => pipeline.Name, pipeline => FittedText.ShortenedAtEnd(pipeline.Name, ShortestName)) { Shrinks = true },
        new("schedule", pipeline => pipeline.Schedule, pipeline => FittedText.ShortenedAtEnd(pipeline.Schedule, ShortestName)) { Shrinks = true },
        new("paused", pipeline => pipeline.Paused ? "yes" : "no", pipeline => new Text(pipeline.Paused ? "yes" : "no")),
        new("created", pipeline => Formats.IsoTime(pipeline.CreatedAt), pipeline => FittedText.Time(pipeline.CreatedAt)) { Shrinks = true, DropOrder = 1 },
    ];
}
