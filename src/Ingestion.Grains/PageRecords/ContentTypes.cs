namespace Ingestion.PageRecords;

/// <summary>Maps a response's media type to the extension of the page's blob name (see <see cref="PageBlobNames"/>).</summary>
public static class ContentTypes
{
    /// <summary>The Content-Type a page blob gets when its response named none.</summary>
    public const string Default = "application/octet-stream";

    public static string ExtensionFor(string? mediaType)
    {
        var type = mediaType?.Trim().ToLowerInvariant();
        return type switch
        {
            "application/json" or "text/json" => ".json",
            "text/html" or "application/xhtml+xml" => ".html",
            "application/xml" or "text/xml" => ".xml",
            "text/csv" or "application/csv" => ".csv",
            "text/plain" => ".txt",
            // Structured-syntax suffixes (RFC 6839): application/vnd.api+json is JSON, application/atom+xml is XML.
            _ when type?.EndsWith("+json", StringComparison.Ordinal) == true => ".json",
            _ when type?.EndsWith("+xml", StringComparison.Ordinal) == true => ".xml",
            _ => ".bin",
        };
    }
}
