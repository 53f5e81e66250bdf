namespace Ingestion.Testing;

/// <summary>What <see cref="UpstreamServer"/> does with one request for a page.</summary>
public sealed record UpstreamResponse
{
    /// <summary>A 2xx status serves the page's content; any other status serves a short text body.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Sent as a <c>Retry-After</c> header in whole seconds (rounded up), whatever the status.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Waited before answering, on top of the server's per-page and global delays.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Never answers: the request waits until the client aborts it or the server stops.</summary>
    public bool Hang { get; init; }

    /// <summary>Aborts the connection without a response (<c>HttpContext.Abort()</c>).</summary>
    public bool ResetConnection { get; init; }

    /// <summary>Sent as a <c>Location</c> header, whatever the status (see <see cref="Redirect"/>).</summary>
    public string? Location { get; init; }

    public static UpstreamResponse Ok { get; } = new();

    public static UpstreamResponse Hanging { get; } = new() { Hang = true };

    public static UpstreamResponse Reset { get; } = new() { ResetConnection = true };

    public static UpstreamResponse Error(int statusCode, TimeSpan? retryAfter = null) =>
        new() { StatusCode = statusCode, RetryAfter = retryAfter };

    public static UpstreamResponse Delayed(TimeSpan delay) => new() { Delay = delay };

    /// <summary>A 302 Found to <paramref name="location"/>, an absolute or relative URL.</summary>
    public static UpstreamResponse Redirect(string location) => new() { StatusCode = 302, Location = location };
}
