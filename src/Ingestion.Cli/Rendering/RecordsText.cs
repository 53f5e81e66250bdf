using System.Globalization;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>How a job's records read: rows, files, pages whose records could not be read, and the rate while it runs.</summary>
public static class RecordsText
{
    /// <summary>e.g. <c>1,000,000 rows in 12 files (2 pages without records)</c>; the pages only when there are some.</summary>
    public static string Written(RecordsProgress records) => Rows(records) + WithoutRecords(records);

    /// <summary>As <see cref="Written"/>, the pages without records in yellow: their raw pages are stored, their records are not.</summary>
    public static string WrittenMarkup(RecordsProgress records) =>
        Markup.Escape(Rows(records)) + (records.ErrorPages > 0 ? $"[yellow]{Markup.Escape(WithoutRecords(records))}[/]" : "");

    /// <summary>e.g. <c>85,000 rows/s</c> while the job runs and the API has a rate; null otherwise.</summary>
    public static string? Rate(JobView job) =>
        !job.IsFinished && job.Records?.RowsPerSecond is { } perSecond ? $"{RowsPerSecond(perSecond)} rows/s" : null;

    /// <summary>
    /// Whole numbers once a rate is in the hundreds, where a tenth says nothing; below that one decimal, so that a slow
    /// job does not read 0.
    /// </summary>
    private static string RowsPerSecond(double perSecond) =>
        perSecond >= 100
            ? perSecond.ToString("N0", CultureInfo.InvariantCulture)
            : perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Rows(RecordsProgress records) =>
        $"{Formats.Count(records.Rows)} {Plural.Noun(records.Rows, "row")} in {Formats.Count(records.Files)} {Plural.Noun(records.Files, "file")}";

    private static string WithoutRecords(RecordsProgress records) =>
        records.ErrorPages > 0 ? $" ({Formats.Count(records.ErrorPages)} {Plural.Noun(records.ErrorPages, "page")} without records)" : "";
}
