namespace Ingestion.Fetching;

/// <summary>
/// A page request was stopped before it left the silo: its destination is not allowed (a blocked network, a scheme other
/// than http and https, an https-to-http redirect, too many redirects). Trying again cannot help, so the page fails for good.
/// </summary>
public sealed class DestinationRefusedException(string message) : Exception(message)
{
    /// <summary>The refusal behind <paramref name="exception"/>: itself, or an inner exception (the HTTP stack wraps what a connect callback throws).</summary>
    public static DestinationRefusedException? FindIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DestinationRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
