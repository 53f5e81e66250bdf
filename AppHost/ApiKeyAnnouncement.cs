using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost;

/// <summary>
/// Prints the API key in the AppHost's console once the API is ready in a local run, as a line that scripts, curl
/// and the <c>ingest</c> CLI take as it is: <c>export INGEST_API_KEY=...</c>.
/// </summary>
public static partial class ApiKeyAnnouncement
{
    /// <summary>The variable the <c>ingest</c> CLI reads the key from, and the README's curl examples use.</summary>
    public const string KeyVariable = "INGEST_API_KEY";

    public static IResourceBuilder<ProjectResource> WithApiKeyAnnouncement(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey) =>
        api.OnResourceReady(async (resource, ready, cancellationToken) =>
        {
            var key = await apiKey.Resource.GetValueAsync(cancellationToken);
            if (string.IsNullOrEmpty(key))
            {
                return;
            }

            var logger = ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyAnnouncement).FullName!);
            var apiUrl = resource.GetEndpoint("http").Url;
            var exportLine = ExportLine(key);
            LogKey(logger, apiUrl, exportLine);
        });

    /// <summary><c>export INGEST_API_KEY=key</c>, the key single-quoted for the shell if it holds anything but letters, digits and <c>-_.</c>.</summary>
    public static string ExportLine(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"export {KeyVariable}={key}"
            : $"export {KeyVariable}='{key.Replace("'", @"'\''", StringComparison.Ordinal)}'";

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "The API is ready at {ApiUrl}. Its key is the api-key parameter (a generated one is kept in the AppHost's user secrets, so it stays the same across runs):\n{ExportLine}")]
    private static partial void LogKey(ILogger logger, string apiUrl, string exportLine);
}
