namespace Ingestion.Cli;

/// <summary>Which API the client talks to, and the key it shows there.</summary>
public sealed record ApiConnection(Uri ApiUrl, string? ApiKey)
{
    public const string UrlVariable = "INGEST_API_URL";
    public const string KeyVariable = "INGEST_API_KEY";
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Options first, then the environment, then the default. Null with a reason when the URL is unusable.</summary>
    public static ApiConnection? Resolve(string? urlOption, string? keyOption, out string? problem)
    {
        var url = FirstGiven(urlOption, Environment.GetEnvironmentVariable(UrlVariable)) ?? DefaultUrl;
        var key = FirstGiven(keyOption, Environment.GetEnvironmentVariable(KeyVariable));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"The API URL '{url}' is not an absolute http or https URL.";
            return null;
        }

        // Requests use relative paths, which keep a base path only when it ends with '/'.
        if (!uri.AbsolutePath.EndsWith('/'))
        {
            uri = new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
        }

        problem = null;
        return new ApiConnection(uri, key);
    }

    private static string? FirstGiven(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
