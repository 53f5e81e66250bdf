using System.Globalization;

namespace Ingestion.Cli.Rendering;

/// <summary>A count with its noun, singular for one: <c>1 page</c>, <c>2 pages</c>, <c>0 pages</c>.</summary>
public static class Plural
{
    /// <param name="plural">When the plural is not the singular with an s, e.g. <c>retries</c>.</param>
    public static string Count(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {Noun(count, singular, plural)}");

    public static string Noun(long count, string singular, string? plural = null) =>
        count == 1 ? singular : plural ?? singular + "s";
}
