namespace Ingestion.Inspection;

/// <summary>Reads and sets the parameters of a URL's query string, keeping the others exactly as they were written.</summary>
public static class QueryParameters
{
    /// <summary>
    /// Each parameter of <paramref name="query"/> (with or without its leading <c>?</c>) in order: its name and value
    /// unescaped (the value empty when there is no <c>=</c>), and the pair as written.
    /// </summary>
    public static IEnumerable<(string Name, string Value, string Written)> Parse(string query) =>
        query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2) is var parts
                ? (Uri.UnescapeDataString(parts[0]), parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "", pair)
                : default);

    /// <summary>The value of the first parameter named <paramref name="name"/>, or null when there is none.</summary>
    public static string? Get(string query, string name) =>
        Parse(query).FirstOrDefault(parameter => parameter.Name == name).Value;

    /// <summary>Sets one parameter, replacing any earlier value.</summary>
    public static Uri Set(Uri url, string name, string value)
    {
        var kept = Parse(url.Query)
            .Where(parameter => !string.Equals(parameter.Name, name, StringComparison.Ordinal))
            .Select(parameter => parameter.Written);
        var query = string.Join('&', kept.Append($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}"));
        return new UriBuilder(url) { Query = query }.Uri;
    }
}
