namespace Ingestion.Storage;

/// <summary>A page's body went past the configured maximum size.</summary>
public sealed class ResponseTooLargeException(long maxBytes)
    : Exception($"The response is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
