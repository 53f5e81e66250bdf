namespace Ingestion.Storage;

/// <summary>
/// A blob as written: its name, size and lower-case hex SHA-256; and, when asked for and it went up in one request, its
/// bytes (a copy) and the fetch time its metadata records.
/// </summary>
public sealed record StoredBlob(string Name, long Bytes, string Sha256)
{
    public byte[]? Body { get; init; }

    public DateTimeOffset? FetchedAt { get; init; }
}
