using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>The columns of <c>ingest list</c>.</summary>
public static class JobListColumns
{
    /// <summary>Room for a name's start to be recognised.</summary>
    private const int ShortestName = 8;

    /// <summary>
    /// The id is what the other commands take, so it is never shortened; at 80 columns the times are what gives way,
    /// first to a compact form, then, completed first, out of the table.
    /// </summary>
    public static IReadOnlyList<ListColumn<JobSummary>> All { get; } =
    [
        new("id", job => job.Id.ToString(), job => FittedText.Whole(job.Id.ToString())),
        new("name", job => job.Name ?? "", job => FittedText.ShortenedAtEnd(job.Name ?? Formats.None, ShortestName)) { Shrinks = true },
        new("status", job => job.Status.ToString(), job => new Markup(Formats.StatusMarkup(job.Status))),
        new("created", job => Formats.IsoTime(job.CreatedAt), job => FittedText.Time(job.CreatedAt)) { Shrinks = true, DropOrder = 1 },
        new("completed", job => Formats.IsoTime(job.CompletedAt), job => FittedText.Time(job.CompletedAt)) { Shrinks = true, DropOrder = 2 },
    ];
}
