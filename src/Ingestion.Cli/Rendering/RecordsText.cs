using System.Globalization;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// How a job's records read: rows, files, pages whose records could not be read, and the rate while the job runs, e.g.
/// <c>1,000,000 rows in 12 files (2 pages without records)</c> once it has ended, or
/// <c>600,000 rows, 7 files committed (2 pages without records) · 85,000 rows/s</c> while it runs.
/// </summary>
public static class RecordsText
{
    private const string Separator = " · ";

    /// <summary>The records with their rate; null for a job without records.</summary>
    public static string? Describe(JobView job) =>
        job.Records is not null ? Written(job) + (Rate(job) is { } rate ? Separator + rate : "") : null;

    /// <summary>As <see cref="Describe"/>, as Spectre markup: pages without records in yellow, as their records are missing.</summary>
    public static string? DescribeMarkup(JobView job) =>
        job.Records is { } records
            ? Markup.Escape(RowsAndFiles(job, records))
                + (records.ErrorPages > 0 ? $" ([yellow]{WithoutRecords(records)}[/])" : "")
                + (Rate(job) is { } rate ? Separator + rate : "")
            : null;

    /// <summary>The rows and files, and the pages without records when there are some; empty for a job without records.</summary>
    public static string Written(JobView job) =>
        job.Records is { } records
            ? RowsAndFiles(job, records) + (records.ErrorPages > 0 ? $" ({WithoutRecords(records)})" : "")
            : "";

    /// <summary>e.g. <c>85,000 rows/s</c> while the job runs and the API has a rate; null otherwise.</summary>
    public static string? Rate(JobView job) =>
        !job.IsFinished && job.Records?.RowsPerSecond is { } perSecond ? $"{RowsPerSecond(perSecond)} rows/s" : null;

    /// <summary>
    /// While the job runs its rows include those of files still open, which a reader cannot see yet: the files are
    /// the committed ones, not the files that hold the rows.
    /// </summary>
    private static string RowsAndFiles(JobView job, RecordsProgress records)
    {
        var rows = $"{Formats.Count(records.Rows)} {Plural.Noun(records.Rows, "row")}";
        var files = $"{Formats.Count(records.Files)} {Plural.Noun(records.Files, "file")}";
        return job.IsFinished ? $"{rows} in {files}" : $"{rows}, {files} committed";
    }

    private static string WithoutRecords(RecordsProgress records) =>
        $"{Formats.Count(records.ErrorPages)} {Plural.Noun(records.ErrorPages, "page")} without records";

    /// <summary>
    /// Whole numbers once a rate is in the hundreds, where a tenth says nothing; below that one decimal, so that a slow
    /// job does not read 0.
    /// </summary>
    private static string RowsPerSecond(double perSecond) =>
        perSecond >= 100
            ? perSecond.ToString("N0", CultureInfo.InvariantCulture)
            : perSecond.ToString("0.0", CultureInfo.InvariantCulture);
}
