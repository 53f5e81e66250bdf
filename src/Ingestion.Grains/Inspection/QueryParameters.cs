namespace Ingestion.Inspection;

/// <summary>Sets one query parameter on a URL, replacing any earlier value, keeping the other parameters as they are.</summary>
public static class QueryParameters
{
    public static Uri Set(Uri url, string name, string value)
    {
        var kept = url.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !string.Equals(Uri.UnescapeDataString(pair.Split('=', 2)[0]), name, StringComparison.Ordinal));
        var query = string.Join('&', kept.Append($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}"));
        return new UriBuilder(url) { Query = query }.Uri;
    }
}
