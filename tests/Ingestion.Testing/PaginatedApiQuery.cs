using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing;

/// <summary>Reads the parameters of <see cref="PaginatedApi"/> strictly, so a client bug shows as 400.</summary>
internal static class PaginatedApiQuery
{
    /// <summary>
    /// The parameter's value, or <paramref name="fallback"/> when it is absent; false when it is repeated, empty, not
    /// plain digits, or below <paramref name="minimum"/>.
    /// </summary>
    public static bool TryReadNumber(IQueryCollection query, string name, int fallback, int minimum, out int value)
    {
        value = fallback;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }

        return values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= minimum;
    }

    /// <summary>The parameter's text, null when absent; false when it is repeated or empty.</summary>
    public static bool TryReadText(IQueryCollection query, string name, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }

        value = values.Count == 1 ? values[0] : null;
        return !string.IsNullOrEmpty(value);
    }
}
