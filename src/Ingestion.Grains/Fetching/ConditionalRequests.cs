using Ingestion.Pages;

namespace Ingestion.Fetching;

/// <summary>
/// Makes a page's request conditional on what the baseline run recorded of it (RFC 9110 §13.1): <c>If-None-Match</c>
/// from its ETag and <c>If-Modified-Since</c> from its Last-Modified (kept with each page by <see cref="KeptHeaders"/>).
/// </summary>
public static class ConditionalRequests
{
    /// <summary>
    /// Adds the validators of <paramref name="previous"/> to <paramref name="message"/>; false when it carries none, or
    /// when the job's own headers already make the request conditional (theirs are sent as they are, and a 304 to them is
    /// no answer the job can store).
    /// </summary>
    public static bool AddValidators(HttpRequestMessage message, PageRecord previous)
    {
        if (!previous.HasValidator
            || message.Headers.Contains("If-None-Match")
            || message.Headers.Contains("If-Modified-Since"))
        {
            return false;
        }

        if (previous.ETag is { } etag)
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (previous.LastModified is { } lastModified)
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        return true;
    }
}
