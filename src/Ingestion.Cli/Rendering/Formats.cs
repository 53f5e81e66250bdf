using System.Globalization;
using Ingestion.Cli.Api;

namespace Ingestion.Cli.Rendering;

/// <summary>How numbers, sizes, rates and times read in the client's output; invariant, so output is the same everywhere.</summary>
public static class Formats
{
    public const string None = "-";

    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>e.g. <c>51,200 (50.0 KiB)</c>.</summary>
    public static string Bytes(long bytes)
    {
        var size = (double)bytes;
        var unit = 0;
        while (size >= 1024 && unit < ByteUnits.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{Count(bytes)} B"
            : string.Create(CultureInfo.InvariantCulture, $"{Count(bytes)} ({size:0.0} {ByteUnits[unit]})");
    }

    public static string PagesPerSecond(JobProgress? progress) =>
        progress is null ? None : string.Create(CultureInfo.InvariantCulture, $"{progress.PagesPerSecond:0.0}");

    /// <summary>e.g. <c>2m 05s</c>, or <see cref="None"/> when unknown.</summary>
    public static string Eta(JobProgress? progress) =>
        progress?.EtaSeconds is { } seconds ? Duration(TimeSpan.FromSeconds(seconds)) : None;

    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        var invariant = CultureInfo.InvariantCulture;
        return duration.TotalHours >= 1
            ? string.Create(invariant, $"{(int)duration.TotalHours}h {duration.Minutes:00}m")
            : duration.TotalMinutes >= 1
                ? string.Create(invariant, $"{duration.Minutes}m {duration.Seconds:00}s")
                : string.Create(invariant, $"{Math.Ceiling(duration.TotalSeconds):0}s");
    }

    public static string Time(DateTimeOffset? value) =>
        value?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? None;

    /// <summary>e.g. <c>06-01 14:05</c>: <see cref="Time"/> for a narrow terminal, which needs the day and the minute.</summary>
    public static string CompactTime(DateTimeOffset? value) =>
        value?.ToLocalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) ?? None;

    /// <summary>ISO 8601 with the offset, as the API wrote it, for a program to read; empty when there is none.</summary>
    public static string IsoTime(DateTimeOffset? value) =>
        value?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The status with a colour that says at a glance how it went, as Spectre markup.</summary>
    public static string StatusMarkup(JobStatus status) => status switch
    {
        JobStatus.Completed => "[green]Completed[/]",
        JobStatus.CompletedWithErrors => "[yellow]CompletedWithErrors[/]",
        JobStatus.Failed => "[red]Failed[/]",
        JobStatus.Cancelled => "[grey]Cancelled[/]",
        _ => $"[blue]{status}[/]",
    };

    public static string StatusMarkup(PageStatus status) => status switch
    {
        PageStatus.Succeeded => "[green]Succeeded[/]",
        PageStatus.Failed => "[red]Failed[/]",
        PageStatus.WaitingRetry => "[yellow]WaitingRetry[/]",
        PageStatus.Cancelled => "[grey]Cancelled[/]",
        PageStatus.Unchanged => "[green]Unchanged[/]",
        _ => status.ToString(),
    };
}
