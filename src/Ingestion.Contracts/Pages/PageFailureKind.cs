namespace Ingestion.Pages;

/// <summary>What went wrong with a page's last attempt, in classes that say whether two failures have the same cause.</summary>
[GenerateSerializer, Alias("Ingestion.PageFailureKind")]
public enum PageFailureKind
{
    /// <summary>The server answered with an HTTP error status (see the page's HTTP status).</summary>
    Http = 0,

    /// <summary>The host refused the connection: nothing listens there.</summary>
    ConnectionRefused = 1,

    /// <summary>The host name did not resolve.</summary>
    NameNotResolved = 2,

    /// <summary>The TLS handshake failed.</summary>
    SecureConnection = 3,

    /// <summary>The connection failed or broke in another way.</summary>
    Connection = 4,

    /// <summary>The attempt ran out of time.</summary>
    Timeout = 5,

    /// <summary>The body was larger than the service allows.</summary>
    TooLarge = 6,

    /// <summary>The service's outbound rules or the host's robots.txt refused the request.</summary>
    Refused = 7,

    /// <summary>Storage did not take the page.</summary>
    Storage = 8,

    /// <summary>The page's URL is not a URL the service can fetch (a bad line of a URL list).</summary>
    InvalidUrl = 9,
}
