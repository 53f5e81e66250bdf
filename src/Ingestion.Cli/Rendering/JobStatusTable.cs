using Ingestion.Cli.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>A job at a glance: one labelled row per fact, so it stays readable in a narrow terminal.</summary>
public static class JobStatusTable
{
    public static Table Create(JobView job)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .HideHeaders()
            .AddColumn(new TableColumn("field").NoWrap())
            .AddColumn("value");

        Add(table, "job", job.Id.ToString());
        if (job.Name is not null)
        {
            Add(table, "name", job.Name);
        }

        table.AddRow(new Text("status"), new Markup(Formats.StatusMarkup(job.Status)));
        Add(table, "total", Formats.Count(job.Pages.Total) + (job.Pages.TotalKnown ? "" : " so far (the end is not found yet)"));
        Add(table, "succeeded", Formats.Count(job.Pages.Succeeded));
        Add(table, "failed", Formats.Count(job.Pages.Failed));
        Add(table, "in flight", Formats.Count(job.Pages.InFlight));
        Add(table, "waiting retry", Formats.Count(job.Pages.WaitingRetry));
        Add(table, "pending", Formats.Count(job.Pages.Pending));
        Add(table, "cancelled", Formats.Count(job.Pages.Cancelled));
        Add(table, "bytes", Formats.Bytes(job.Bytes));
        Add(table, "pages/s", Formats.PagesPerSecond(job.Progress));
        Add(table, "ETA", Formats.Eta(job.Progress));
        Add(table, "created", Formats.Time(job.CreatedAt));
        Add(table, "completed", Formats.Time(job.CompletedAt));
        if (job.Error is not null)
        {
            table.AddRow(new Text("error"), new Text(job.Error, new Style(Color.Red)));
        }

        if (job.ManifestBlob is not null)
        {
            Add(table, "manifest", job.Destination is { } destination ? $"{destination.Container}/{job.ManifestBlob}" : job.ManifestBlob);
        }

        return table;
    }

    /// <summary>Values are text, never markup: names, URLs and errors come from users and upstreams.</summary>
    private static void Add(Table table, string field, string value) =>
        table.AddRow(new IRenderable[] { new Text(field), new Text(value) });
}
