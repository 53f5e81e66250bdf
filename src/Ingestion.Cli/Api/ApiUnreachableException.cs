namespace Ingestion.Cli.Api;

/// <summary>No answer came from the API: it refused the connection, could not be resolved, or did not answer in time.</summary>
public sealed class ApiUnreachableException(Uri apiUrl, string reason, Exception? innerException = null)
    : Exception($"Cannot reach the ingestion API at {apiUrl}: {reason}", innerException)
{
    public Uri ApiUrl { get; } = apiUrl;
}
