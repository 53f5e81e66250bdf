using System.Globalization;
using System.Text.RegularExpressions;
using Ingestion.Inspection;
using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>Recognises which page of a range a URL is (a <c>rel="last"</c> link, say) by matching it to the range's template.</summary>
internal static class PageNumbers
{
    /// <summary>The page number <paramref name="url"/> stands for, or null when it does not fit the template.</summary>
    public static long? FromUrl(SourceSpec range, string url)
    {
        var template = range.UrlTemplate!;
        var usesPage = template.Contains(SourceSpec.PagePlaceholder, StringComparison.Ordinal);

        // First the template as a pattern, in order; then by query parameter name, since APIs reorder parameters.
        var pattern = "^" + Regex.Escape(template)
            .Replace(Regex.Escape(SourceSpec.PagePlaceholder), "(?<page>[0-9]+)", StringComparison.Ordinal)
            .Replace(Regex.Escape(SourceSpec.OffsetPlaceholder), "(?<offset>[0-9]+)", StringComparison.Ordinal)
            .Replace(Regex.Escape(SourceSpec.LimitPlaceholder), "[0-9]+", StringComparison.Ordinal) + "$";
        var match = Regex.Match(url, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (match.Success)
        {
            return FromNumber(range, usesPage, match.Groups[usesPage ? "page" : "offset"].Value);
        }

        var placeholder = usesPage ? SourceSpec.PagePlaceholder : SourceSpec.OffsetPlaceholder;
        return ParameterHolding(template, placeholder) is { } name
            && Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            && QueryParameters.Get(parsed.Query, name) is { } value
            ? FromNumber(range, usesPage, value)
            : null;
    }

    private static long? FromNumber(SourceSpec range, bool isPage, string text)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        // An offset counts items from the first page: page = from + offset / size.
        return isPage ? number : range.Pages!.From + (number / range.PageSize!.Value);
    }

    private static string? ParameterHolding(string template, string placeholder)
    {
        var query = template.IndexOf('?', StringComparison.Ordinal);
        return query < 0
            ? null
            : QueryParameters.Parse(template[query..]).FirstOrDefault(parameter => parameter.Value == placeholder).Name;
    }
}
