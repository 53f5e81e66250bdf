using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Azure;
using Orleans.Runtime;

namespace Ingestion.Api.Cluster;

/// <summary>
/// Which failures of a grain call come from the grain's storage (Blob and Table Storage) failing for now: unreachable,
/// too slow (a try outlasted the SDK's network timeout), throttling or a server error, once the SDK's own retries are
/// spent. They pass once storage recovers, so they are a 503, not a 500. A refusal the grain did not expect (a 404, 409
/// or 412), anything else the grain threw, and a request the client cancelled are not.
/// </summary>
/// <remarks>
/// What reaches the API is what Orleans carried back from the silo: the SDK's <see cref="AggregateException"/> of its
/// tries (a table query), or that wrapped in a plain <see cref="OrleansException"/> when the grain's state could not be
/// read or written. A <see cref="RequestFailedException"/> loses its <c>Status</c> on the way (it arrives as 0), so the
/// status is read from the "Status: 503 (...)" line the SDK wrote into its message, which does arrive; a failure with no
/// answer at all keeps the network error it had inside. That is why this is not the silo's <c>StorageFailures</c>, which
/// sees the SDK's exceptions whole and takes status 0 for a connection failure.
/// </remarks>
public static partial class StorageFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => IsTransient(failed),
        // The SDK's retries spent ("Retry failed after n tries"): one exception per try, each of which must have failed for now.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsFailedTry),
        // Orleans' wrapping of a failed state read or write. Its own failures are subtypes (an ETag conflict is an
        // InconsistentStateException) and are not storage being unavailable.
        OrleansException { InnerException: { } inner } wrapper when wrapper.GetType() == typeof(OrleansException) => IsFailedTry(inner),
        // A cancellation out here is the client's (it went away) or the API's (it is stopping), not storage's.
        _ => false,
    };

    /// <summary>
    /// One try of the SDK's, as the silo saw it fail: there, a cancellation is the SDK's network timeout, since nothing
    /// the API's client does cancels a storage call in the silo.
    /// </summary>
    private static bool IsFailedTry(Exception exception) => exception switch
    {
        OperationCanceledException or TimeoutException or HttpRequestException or IOException => true,
        _ => IsTransient(exception),
    };

    private static bool IsTransient(RequestFailedException failed) => StatusOf(failed) switch
    {
        // No answer: the connection failed or dropped, or the try timed out, as the error inside says.
        0 => failed.InnerException is HttpRequestException or IOException or SocketException or OperationCanceledException or TimeoutException,
        408 or 429 or >= 500 => true,
        _ => false,
    };

    /// <summary>The status storage answered; 0 when it did not answer.</summary>
    private static int StatusOf(RequestFailedException failed)
    {
        if (failed.Status != 0)
        {
            return failed.Status;
        }

        var line = StatusLine().Match(failed.Message);
        return line.Success ? int.Parse(line.Groups["status"].ValueSpan, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("^Status: (?<status>[1-5][0-9]{2})\\b", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StatusLine();
}
