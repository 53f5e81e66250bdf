namespace Ingestion.Storage;

/// <summary>A blob as written: its name, size and lower-case hex SHA-256.</summary>
public sealed record StoredBlob(string Name, long Bytes, string Sha256);
