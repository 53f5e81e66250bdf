using System.Net.Sockets;
using Ingestion.Pages;

namespace Ingestion.Fetching;

/// <summary>Tells the kind of a failed request from its exception, so that failures of the same cause are seen as alike.</summary>
public static class FailureKinds
{
    public static PageFailureKind Of(HttpRequestException exception) => exception switch
    {
        { StatusCode: not null } => PageFailureKind.Http,
        { HttpRequestError: HttpRequestError.NameResolutionError } => PageFailureKind.NameNotResolved,
        { HttpRequestError: HttpRequestError.SecureConnectionError } => PageFailureKind.SecureConnection,
        _ when FindSocketError(exception) is SocketError.ConnectionRefused => PageFailureKind.ConnectionRefused,
        _ when FindSocketError(exception) is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => PageFailureKind.NameNotResolved,
        _ => PageFailureKind.Connection,
    };

    private static SocketError? FindSocketError(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
