using System.Net;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// A response body that gives its request's <see cref="RequestPermit"/> back when it is disposed: a request holds its
/// place in the host's limits until its body has been read, as the host counts it.
/// </summary>
internal sealed class PermitReleasingContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly RequestPermit _permit;

    public PermitReleasingContent(HttpContent inner, RequestPermit permit)
    {
        _inner = inner;
        _permit = permit;
        foreach (var (name, values) in inner.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _inner.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(stream, cancellationToken);

    protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        _inner.ReadAsStreamAsync(cancellationToken);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        _inner.ReadAsStream(cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _permit.Dispose();
        }

        base.Dispose(disposing);
    }
}
